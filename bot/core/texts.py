"""Small user-visible text pieces that code puts around catalog content, in both languages.

Whole answers live in domain.yml as responses; these are only the labels inside lists. Every key has a
Dutch and an English text (tests/test_texts.py checks this and the Dutch readability).
"""
from __future__ import annotations

from bot.core.language import normalise_language

TEXTS = {
    "duration": {"nl": "Duur", "en": "Duration"},
    "diploma_needed": {"nl": "Diploma nodig", "en": "Diploma needed"},
    "admission": {"nl": "Wat je nodig hebt", "en": "What you need"},
    "from_age": {"nl": "vanaf {age} jaar", "en": "{age} and over"},
    "age_other_not_too_old": {
        "nl": "Iemand van {age} is niet te oud voor tech. Veel mensen stappen pas na hun 40ste over. Ervaring is juist "
              "veel waard. Bij Codam moet je 18 of ouder zijn, er is geen maximum.",
        "en": "Someone of {age} is not too old for tech. Many people switch after 40, and experience counts. Codam "
              "asks for 18 or older and has no upper limit."},
    "age_other_young": {
        "nl": "Met {age} is het een goede leeftijd om te beginnen, bijvoorbeeld met een mbo-opleiding ICT. Sommige "
              "scholen, zoals Codam, zijn pas vanaf 18.",
        "en": "At {age} it is a good age to start, for example with an mbo IT programme. Some schools, such as "
              "Codam, only start at 18."},
    # a school's age limit, for the age the person gave (bot/core/catalog/admission.py)
    "age_rule_from": {"nl": "{provider} is vanaf {age} jaar.", "en": "{provider} is for people aged {age} and over."},
    "age_rule_until": {"nl": "{provider} is tot {age} jaar.", "en": "{provider} is for people up to {age}."},
    "age_rule_tell_age": {"nl": "Hoe oud ben je? Dan zeg ik of het voor jou al kan.",
                          "en": "How old are you? Then I can tell you whether you can go yet."},
    "age_rule_fits": {"nl": "Je bent {age}, dus dat kan.", "en": "You are {age}, so you can."},
    "age_rule_too_young": {"nl": "Je bent {age}. Dat kan dus nog niet: over {wait} jaar wel. Nu al beginnen? "
                                 "Vraag naar een cursus voor jongeren, of kijk welke mbo-opleiding ICT je leuk vindt.",
                           "en": "You are {age}, so not yet: in {wait} years you can. Want to start now? Ask for a "
                                 "course for young people, or look at which mbo IT programme you like."},
    "age_rule_too_old": {"nl": "Je bent {age}. Daar kun je dus niet meer heen. Er zijn genoeg andere routes: vraag "
                               "naar cursussen bij jou in de buurt.",
                         "en": "You are {age}, so this one is not open to you. There are plenty of other routes: ask "
                               "for courses near you."},
    "yes": {"nl": "ja", "en": "yes"},
    "no": {"nl": "nee", "en": "no"},
    "examples": {"nl": "Bijvoorbeeld", "en": "For example"},
    "estimate": {"nl": "schatting", "en": "estimate"},
    "month": {"nl": "maand", "en": "month"},
    "year": {"nl": "jaar", "en": "year"},
    "and": {"nl": "en", "en": "and"},
    "first_step": {"nl": "eerste stap", "en": "first step"},
    "more_jobs": {"nl": "Meer banen", "en": "More jobs"},
    "how_to_become": {"nl": "Hoe word ik dit?", "en": "How do I get there?"},
    "salary_button": {"nl": "Wat verdien je?", "en": "What does it pay?"},
    # mbo levels
    "mbo_low_note": {"nl": "Met mbo 1 of 2 doe je eerst mbo 3 of 4 ICT. Daarna kun je verder.",
                     "en": "With MBO level 1 or 2, you first do MBO ICT at level 3 or 4. Then you can go further."},
    "mbo_4_note": {"nl": "Met mbo 4 kun je ook door naar het hbo.",
                   "en": "With MBO level 4 you can also go on to HBO (university of applied sciences)."},
    # course results
    "free": {"nl": "gratis", "en": "free"},
    "cost_unknown": {"nl": "kosten: vraag het de school", "en": "cost: ask the school"},
    "example_value": {"nl": "voorbeeld", "en": "example"},
    "weeks": {"nl": "weken", "en": "weeks"},
    "full_time": {"nl": "voltijd", "en": "full-time"},
    "part_time": {"nl": "deeltijd", "en": "part-time"},
    "evening": {"nl": "'s avonds", "en": "evenings"},
    "online": {"nl": "online", "en": "online"},
    "km_away": {"nl": "km", "en": "km"},
    "start": {"nl": "Start", "en": "Start"},
    "lang_nl": {"nl": "in het Nederlands", "en": "in Dutch"},
    "lang_en": {"nl": "in het Engels", "en": "in English"},
    "no_diploma_needed": {"nl": "geen diploma nodig", "en": "no diploma needed"},
    "more_courses": {"nl": "Meer cursussen", "en": "More courses"},
    "what_costs": {"nl": "Wat kost het?", "en": "What does it cost?"},
    "any_place": {"nl": "Maakt niet uit", "en": "Anywhere"},
    "check_funding": {"nl": "Kan ik geld krijgen?", "en": "Can I get funding?"},
    # filters, as in "I left out: ..."
    "filter_radius": {"nl": "de afstand (ik zocht verder weg)", "en": "the distance (I looked further away)"},
    "filter_schedule": {"nl": "het tijdstip", "en": "the schedule"},
    "filter_language": {"nl": "de taal van de les", "en": "the language of the lessons"},
    "filter_target_group": {"nl": "de doelgroep", "en": "the target group"},
    "filter_free": {"nl": "gratis", "en": "free of charge"},
    "filter_provider": {"nl": "de school", "en": "the school"},
    "filter_level": {"nl": "je opleiding", "en": "your education"},
    "filter_location": {"nl": "de plaats", "en": "the place"},
    "filter_profile": {"nl": "het beroep", "en": "the job"},
    # eligibility outcomes
    "status_eligible": {"nl": "✅ {name}: dit kan waarschijnlijk.", "en": "✅ {name}: this is probably possible."},
    "status_maybe": {"nl": "❓ {name}: misschien.", "en": "❓ {name}: maybe."},
    "status_not_eligible": {"nl": "❌ {name}: dit kan niet.", "en": "❌ {name}: this is not possible."},
    "status_not_for_situation": {"nl": "➖ Niet voor jouw situatie: {names}.",
                                 "en": "➖ Not for your situation: {names}."},
    "still_unknown": {"nl": "Dat hangt nog af van {fields}.", "en": "That still depends on {fields}."},
    "next_step": {"nl": "Volgende stap", "en": "Next step"},
    "field_age": {"nl": "je leeftijd", "en": "your age"},
    "field_residence": {"nl": "waar je woont", "en": "where you live"},
    "field_work_situation": {"nl": "je werk of uitkering", "en": "your work or benefit"},
    "field_course_chosen": {"nl": "of je al een opleiding hebt gekozen", "en": "whether you have chosen a course"},
    "field_course_short": {"nl": "hoe lang de opleiding duurt", "en": "how long the course takes"},
    "field_course_paid": {"nl": "of je opleiding lesgeld kost", "en": "whether your course has a fee"},
    "field_has_children": {"nl": "of je kinderen hebt", "en": "whether you have children"},
    "field_children_in_childcare": {"nl": "of je kind naar de opvang gaat",
                                    "en": "whether your child goes to childcare"},
    "field_partner_situation": {"nl": "wat je partner doet", "en": "what your partner does"},
    "field_has_laptop": {"nl": "of je een laptop hebt", "en": "whether you have a laptop"},
    # two-stage fallback: the topics a user can pick when the assistant is unsure
    "topic_list_job_profiles": {"nl": "Banen in tech", "en": "Jobs in tech"},
    "topic_ask_job_profile": {"nl": "Wat je doet in een baan", "en": "What a job is like"},
    "topic_ask_salary": {"nl": "Wat je verdient", "en": "What it pays"},
    "topic_inform_education_level": {"nl": "Mijn opleiding", "en": "My education"},
    "topic_find_courses": {"nl": "Een cursus zoeken", "en": "Find a course"},
    "topic_ask_costs": {"nl": "Wat kost het?", "en": "What does it cost?"},
    "topic_ask_funding": {"nl": "Geld voor je opleiding", "en": "Money for your course"},
    "topic_check_eligibility": {"nl": "Kan ik geld krijgen?", "en": "Can I get funding?"},
    "topic_ask_requirements": {"nl": "Wiskunde of Engels nodig?", "en": "Maths or English needed?"},
    "topic_ask_too_old": {"nl": "Ben ik te oud?", "en": "Am I too old?"},
    "topic_ask_laptop": {"nl": "Een laptop nodig?", "en": "Do I need a laptop?"},
    "topic_ask_events": {"nl": "Activiteiten bij jou in de buurt", "en": "Events near you"},
    "topic_ask_role_models": {"nl": "Verhalen van anderen", "en": "Stories of others"},
    "topic_start_quiz": {"nl": "Wat past bij mij?", "en": "What suits me?"},
    "topic_request_human": {"nl": "Een mens spreken", "en": "Talk to a person"},
    "topic_forget_me": {"nl": "Mijn gegevens wissen", "en": "Delete my data"},
    "topic_switch_language": {"nl": "Andere taal", "en": "Other language"},
    "topic_bot_challenge": {"nl": "Wie ben jij?", "en": "Who are you?"},
    "topic_inform_role": {"nl": "Wie ik ben", "en": "Who I am"},
    "topic_help": {"nl": "Wat kan je?", "en": "What can you do?"},
    "topic_ask_prospects": {"nl": "Heeft tech toekomst?", "en": "Does tech have a future?"},
    "topic_ask_trust": {"nl": "Is het erkend en veilig?", "en": "Is it recognised and safe?"},
    "topic_ask_support_at_home": {"nl": "Wat kun je thuis doen?", "en": "What can you do at home?"},
    "topic_request_summary": {"nl": "Een samenvatting", "en": "A summary"},
    "topic_refer_student": {"nl": "Leerling doorsturen", "en": "Refer a student"},
    "topic_revoke_consent": {"nl": "Stop met delen", "en": "Stop sharing"},
    "topic_other": {"nl": "Iets anders", "en": "Something else"},
    # quiz, events and stories
    "quiz_restart": {"nl": "Opnieuw beginnen", "en": "Start again"},
    "quiz_because": {"nl": "omdat je koos", "en": "because you chose"},
    "more_events": {"nl": "Andere plaats", "en": "Another place"},
    "events_intro": {"nl": "Dit is er binnenkort:", "en": "Coming up soon:"},
    "events_intro_place": {"nl": "Dit is er binnenkort bij {place} in de buurt:",
                           "en": "Coming up soon near {place}:"},
    "story_intro": {"nl": "Een verhaal over werken als {job}:", "en": "A story about working as {job}:"},
    "story_intro_example": {"nl": "Een voorbeeld van een verhaal over werken als {job}. Geen echt persoon:",
                            "en": "An example of a story about working as {job}. Not a real person:"},
    "events_intro_examples": {"nl": "Dit zijn voorbeelden van wat je kunt doen. Er is nog geen echte datum:",
                              "en": "This is what events can look like. They are examples, with no real date yet:"},
    "events_intro_place_examples": {"nl": "Zo kan het er bij {place} in de buurt uitzien. Dit zijn voorbeelden, "
                                          "nog zonder echte datum:",
                                    "en": "This is what events near {place} can look like. They are examples, "
                                          "with no real date yet:"},
    "events_intro_far": {"nl": "Bij {place} in de buurt ken ik nog niets. Het dichtstbij is {km} km verder, in "
                               "{nearest}:",
                         "en": "I know of nothing near {place} yet. The nearest is {km} km away, in {nearest}:"},
    "event_example": {"nl": "Voorbeeld van een {kind} (nog geen echte datum)",
                      "en": "Example of {kind} (no real date yet)"},
    "event_kind_open_day": {"nl": "open dag", "en": "an open day"},
    "event_kind_trial_lesson": {"nl": "proefles", "en": "a trial lesson"},
    "event_kind_check_in": {"nl": "kennismaking in de wijk", "en": "a neighbourhood meeting"},
    "event_kind_company_visit": {"nl": "bedrijfsbezoek", "en": "a company visit"},
    "event_kind_workshop": {"nl": "workshop", "en": "a workshop"},
    "event_kind_job_market": {"nl": "banenmarkt", "en": "a job fair"},
    "story_illustrative": {"nl": "Dit verhaal is een voorbeeld. Het gaat niet over een echt persoon.",
                           "en": "This story is an example. It is not about a real person."},
    "another_story": {"nl": "Nog een verhaal", "en": "Another story"},
    "do_quiz": {"nl": "Wat past bij mij?", "en": "What suits me?"},
    # summaries (to forward, and for counsellors)
    "sum_job": {"nl": "Baan", "en": "Job"},
    "sum_level": {"nl": "Opleiding nu", "en": "Education now"},
    "sum_route": {"nl": "Eerste stap", "en": "First step"},
    "sum_place": {"nl": "Plaats", "en": "Place"},
    "sum_courses": {"nl": "Bekeken cursussen", "en": "Courses looked at"},
    "sum_student": {"nl": "Leerling", "en": "Student"},
    "sum_nothing_yet": {"nl": "nog niets gekozen", "en": "nothing chosen yet"},
    "per": {"nl": "per", "en": "per"},
    "code_line": {"nl": "Code: {code}. De {one} typt in de chat: start {code}",
                  "en": "Code: {code}. The {one} types in the chat: start {code}"},
    "link_telegram": {"nl": "Telegram-link", "en": "Telegram link"},
    "link_whatsapp": {"nl": "WhatsApp-link", "en": "WhatsApp link"},
    "link_web": {"nl": "Link naar de webchat", "en": "Web chat link"},
    # referral codes of counsellors ("leerling") and job coaches ("klant"): {one}/{many} is who they refer
    "who_one_counsellor": {"nl": "leerling", "en": "student"},
    "who_many_counsellor": {"nl": "leerlingen", "en": "students"},
    "who_group_counsellor": {"nl": "klas", "en": "class"},
    "who_one_jobcoach": {"nl": "klant", "en": "client"},
    "who_many_jobcoach": {"nl": "klanten", "en": "clients"},
    "who_group_jobcoach": {"nl": "groep", "en": "group"},
    "topic_refer_who": {"nl": "{One} doorsturen", "en": "Refer a {one}"},
    "topic_chosen_who": {"nl": "Wat kozen mijn {many}?", "en": "What did my {many} choose?"},
    "topic_routes_per_level": {"nl": "Routes per opleiding", "en": "Routes per level"},
    "topic_courses_nearby": {"nl": "Cursussen in de buurt", "en": "Courses nearby"},
    "jobcoach_intro": {"nl": "Welkom! Als jobcoach kunt u hier routes per opleiding bekijken en cursussen zoeken. "
                             "U kunt ook een klant naar mij doorsturen met een code.",
                       "en": "Welcome! As a job coach you can look up routes per education level and find courses "
                             "here. You can also send a client to me with a code."},
    "codes_none": {"nl": "U heeft in deze chat nog geen {one} doorgestuurd. Maak eerst een code.",
                   "en": "You have not referred a {one} in this chat yet. Make a code first."},
    "codes_header": {"nl": "Uw codes:", "en": "Your codes:"},
    "code_row": {"nl": "{code}: {who}, gebruikt: {used}, {state}", "en": "{code}: {who}, used: {used}, {state}"},
    "code_active": {"nl": "werkt", "en": "active"},
    "code_revoked": {"nl": "ingetrokken", "en": "revoked"},
    "code_for_group": {"nl": "voor de hele {group}", "en": "for the whole {group}"},
    "code_for_one": {"nl": "voor één {one}", "en": "for one {one}"},
    "code_for_number": {"nl": "{One} {number}", "en": "{One} {number}"},
    "codes_no_consent_yet": {"nl": "Nog geen {one} met uw code gaf toestemming om iets te delen. Zonder "
                                   "toestemming laat ik niets zien.",
                             "en": "No {one} with your code has agreed to share anything yet. Without permission "
                                   "I show nothing."},
    "codes_chosen": {"nl": "Dit kozen uw {many}. Ik laat alleen zien wie ja zei:",
                     "en": "This is what the {many} who gave permission chose:"},
    "code_made": {"nl": "Uw code is klaar.\n{links}\nDe {one} ziet dat u hem of haar stuurde. Ik vraag de {one} of "
                        "u een samenvatting mag zien. Zonder ja ziet u niets.",
                  "en": "Your code is ready.\n{links}\nThe {one} will see that you sent them. I ask the {one} "
                        "whether you may see a summary. Without a yes you see nothing."},
    "code_made_group": {"nl": "Uw code is klaar, {whom}. Iedereen mag deze ene code gebruiken.\n{links}\n"
                              "Ik vraag elke {one} of u een samenvatting mag zien. Zonder ja ziet u niets.",
                        "en": "Your code is ready, {whom}. Everyone can use this one code.\n{links}\n"
                              "I ask each {one} whether you may see a summary. Without a yes you see nothing."},
    "codes_made_each": {"nl": "Ik maakte {n} codes, één per {one}. Geef elke {one} een eigen code.\n{lines}\n"
                              "Ik vraag elke {one} of u een samenvatting mag zien. Zonder ja ziet u niets.",
                        "en": "I made {n} codes, one per {one}. Give each {one} their own code.\n{lines}\n"
                              "I ask each {one} whether you may see a summary. Without a yes you see nothing."},
    "code_each_line": {"nl": "- {who}: {code} (typ in de chat: start {code})",
                       "en": "- {who}: {code} (type in the chat: start {code})"},
    "codes_max": {"nl": "Ik maak hoogstens {max} codes tegelijk.", "en": "I make at most {max} codes at a time."},
    "codes_how_many": {"nl": "Voor hoeveel {many} wilt u een eigen code? Typ bijvoorbeeld: 5 codes.",
                       "en": "For how many {many} do you want a code each? Type for example: 5 codes."},
    "code_revoked_one": {"nl": "Klaar. Code {code} is ingetrokken. Wie hem nu typt, kan er niet meer mee "
                               "beginnen. Wat ik via deze code bewaarde, is gewist.",
                         "en": "Done. Code {code} is revoked. Anyone who types it now can no longer start with it. "
                               "What I kept through this code has been deleted."},
    "code_revoked_many": {"nl": "Klaar. Deze codes zijn ingetrokken: {codes}. Wie ze nu typt, kan er niet meer mee "
                                "beginnen. Wat ik via deze codes bewaarde, is gewist.",
                          "en": "Done. These codes are revoked: {codes}. Anyone who types them now can no longer "
                                "start with them. What I kept through these codes has been deleted."},
    "code_already_revoked": {"nl": "Code {code} was al ingetrokken.", "en": "Code {code} was already revoked."},
    "code_not_yours": {"nl": "Ik vind geen code {code} die u in deze chat maakte. Kijk of de code goed is getypt.",
                       "en": "I can't find a code {code} that you made in this chat. Please check the spelling."},
    "code_label_unknown": {"nl": "Ik vind geen code voor {label} die nog werkt.",
                           "en": "I can't find an active code for {label}."},
    "codes_none_active": {"nl": "U heeft geen code die nog werkt. Er is dus niets in te trekken.",
                          "en": "You have no active code, so there is nothing to revoke."},
    "code_how_revoke": {"nl": "Zo trekt u een code in: typ 'trek code' met de code erachter. Bijvoorbeeld: trek "
                              "code {code} in. Daarna werkt de code niet meer.",
                        "en": "To revoke a code, type 'revoke code' and the code. For example: revoke code {code}. "
                              "After that the code no longer works."},
    "code_which": {"nl": "Welke code wilt u intrekken?", "en": "Which code do you want to revoke?"},
    "code_revoke_button": {"nl": "Trek {code} in", "en": "Revoke {code}"},
    "code_revoke_typed": {"nl": "trek code {code} in", "en": "revoke code {code}"},
    "code_make_button": {"nl": "Maak een code", "en": "Make a code"},
    "codes_stop_making": {"nl": "Goed. Ik maak alleen een nieuwe code als u erom vraagt. Uw codes blijven werken.",
                          "en": "Fine. I only make a new code when you ask for one. Your codes keep working."},
    "codes_explained": {"nl": "Zo werkt een code. De {one} typt de code in de chat. De {one} ziet dan dat u hem of "
                              "haar stuurde. Daarna vraag ik of u een samenvatting mag zien. Zegt de {one} nee? Dan "
                              "ziet u niets. Zegt de {one} ja? Dan ziet u alleen de keuzes: baan, opleiding, plaats "
                              "en bekeken cursussen. U ziet geen naam. U ziet ook niet wat de {one} typt. De {one} "
                              "kan altijd 'stop met delen' typen. Dan wis ik wat ik bewaarde. Een code intrekken? "
                              "Typ: trek code ... in.",
                        "en": "This is how a code works. The {one} types the code in the chat. They see that you "
                              "sent them. Then I ask if you may see a summary. If they say no, you see nothing. If "
                              "they say yes, you only see their choices: job, education, place and courses looked "
                              "at. You never see a name or what they type. They can type 'stop sharing' at any "
                              "time. Then I delete what I kept. To revoke a code, type: revoke code ..."},
    "codes_explained_pupil": {"nl": "Je begeleider ziet alleen iets als jij ja zegt. Dan ziet je begeleider je "
                                    "keuzes: baan, opleiding, plaats en bekeken cursussen. Niet wat je typt. Typ "
                                    "'stop met delen' als je dat niet meer wilt.",
                              "en": "Your counsellor only sees something if you say yes. Then they see your "
                                    "choices: job, education, place and courses looked at. Not what you type. Type "
                                    "'stop sharing' if you no longer want that."},
    "code_no_longer_valid": {"nl": "Deze code werkt niet meer. Geen probleem: je kunt gewoon beginnen. Wil je toch "
                                   "een code? Vraag dan een nieuwe aan wie hem gaf.",
                             "en": "This code no longer works. No problem: you can just start. Need a code after "
                                   "all? Ask the person who gave it to you for a new one."},
    "yes_please": {"nl": "Ja, graag", "en": "Yes, please"},
    "no_thanks": {"nl": "Nee, liever niet", "en": "No, thanks"},
    "yes_delete": {"nl": "Ja, wis alles", "en": "Yes, delete everything"},
    "no_keep": {"nl": "Nee, niet wissen", "en": "No, keep it"},
    # a person within reach: the liaison's languages, and what happens after a callback request
    "cb_no_place": {"nl": "TechConnect heeft contactpersonen in een aantal buurten. Noem je plaats, dan zoek ik "
                          "wie bij jouw buurt hoort.",
                    "en": "TechConnect has contact people in several areas. Tell me your town or area, and I'll "
                          "look up who is there for you."},
    "cb_no_place_example": {"nl": "Er komt een vaste contactpersoon van TechConnect voor elke buurt. Nu heb ik alleen "
                                  "nog voorbeelden. Noem je plaats, dan zoek ik wie bij jouw buurt hoort.",
                            "en": "There will be a TechConnect contact person for each area. For now I only have "
                                  "examples. Tell me your town or area, and I'll look up who is there for you."},
    "cb_who_example": {"nl": "de voorbeeld-contactpersoon voor {area}", "en": "the example contact for {area}"},
    "cb_example_note": {"nl": "Dit is nog een voorbeeld. Een echte persoon ken ik nog niet.",
                        "en": "This is still an example. I don't know a real person yet."},
    "cb_lang_yes": {"nl": "Ja, {who} spreekt ook {langs}.", "en": "Yes, {who} also speaks {langs}."},
    "cb_lang_no": {"nl": "Nee, {who} spreekt {spoken}. Ik geef door dat je iemand wilt die {langs} spreekt.",
                   "en": "No, {who} speaks {spoken}. I'll pass on that you would like someone who speaks {langs}."},
    "cb_lang_no_offer": {"nl": "Nee, {who} spreekt {spoken}. Wil je dat iemand belt die {langs} spreekt? Dan geef "
                               "ik dat door.",
                         "en": "No, {who} speaks {spoken}. Would you like a call from someone who speaks {langs}? "
                               "Then I'll pass that on."},
    "cb_lang_unknown": {"nl": "Dat weet ik niet van {who}. Ik geef door dat je iemand wilt die {langs} spreekt.",
                        "en": "I don't know that about {who}. I'll pass on that you would like someone who speaks "
                              "{langs}."},
    "cb_lang_unknown_offer": {"nl": "Dat weet ik niet van {who}. Wil je dat iemand belt die {langs} spreekt? Dan "
                                    "geef ik dat door.",
                              "en": "I don't know that about {who}. Would you like a call from someone who speaks "
                                    "{langs}? Then I'll pass that on."},
    "cb_lang_no_place": {"nl": "Dat hangt af van waar je woont. Dat weet ik nog niet. Ik kan doorgeven dat je iemand "
                               "wilt die {langs} spreekt.",
                         "en": "That depends on where you live, and I don't know that yet. I can pass on that you "
                               "would like someone who speaks {langs}."},
    "cb_lang_nobody": {"nl": "Ik ken nog geen vaste contactpersoon, dus dat weet ik niet. Ik geef door dat je "
                             "iemand wilt die {langs} spreekt.",
                       "en": "I don't know a contact person yet, so I can't tell. I'll pass on that you would like "
                             "someone who speaks {langs}."},
    "cb_thanks": {"nl": "Dank je, {name}. Ik heb je vraag doorgegeven.",
                  "en": "Thank you, {name}. I have passed on your request."},
    "cb_who_liaison": {"nl": "{name}, de contactpersoon voor {area},", "en": "{name}, the contact for {area},"},
    "cb_who_techconnect": {"nl": "Iemand van TechConnect", "en": "Someone from TechConnect"},
    "cb_calls": {"nl": "{who} belt je op {contact}.", "en": "{who} will call you on {contact}."},
    "cb_mails": {"nl": "{who} mailt je op {contact}.", "en": "{who} will e-mail you at {contact}."},
    "cb_talk_in": {"nl": "Jullie kunnen {langs} praten.", "en": "You can talk in {langs}."},
    "cb_liaison_speaks": {"nl": "{name} spreekt {langs}.", "en": "{name} speaks {langs}."},
    "cb_passed_languages": {"nl": "Ik heb erbij gezet welke talen je wilt: {langs}.",
                            "en": "I added the languages you would like: {langs}."},
    "cb_within_days": {"nl": "Dat gebeurt binnen {days} werkdagen.", "en": "That will be within {days} working days."},
    "cb_soon": {"nl": "Hoe snel weet ik niet precies. Ze doen het zo snel als het kan.",
                "en": "I don't know exactly how soon. They will do it as soon as they can."},
    "cb_time_noted": {"nl": "Ik heb je tijd erbij gezet: {time}.", "en": "I added the time you asked for: {time}."},
    "cb_delete": {"nl": "Wil je dat we je gegevens wissen? Typ 'verwijder mijn gegevens'.",
                  "en": "Want us to delete your details? Type 'delete my data'."},
    "cb_languages_noted": {"nl": "Fijn, ik zet erbij dat je {langs} spreekt.",
                           "en": "Good, I'll add that you speak {langs}."},
    # the person's profile ("wat weet je van mij?") and its corrections
    "p_age": {"nl": "leeftijd: {value}", "en": "age: {value}"},
    "p_education_level": {"nl": "opleiding: {value}", "en": "education: {value}"},
    "p_location": {"nl": "plaats: {value}", "en": "place: {value}"},
    "p_work_situation": {"nl": "werk of uitkering: {value}", "en": "work or benefit: {value}"},
    "p_has_children": {"nl": "kinderen: {value}", "en": "children: {value}"},
    "p_children_in_childcare": {"nl": "kinderopvang: {value}", "en": "childcare: {value}"},
    "p_partner_situation": {"nl": "partner: {value}", "en": "partner: {value}"},
    "p_role": {"nl": "jij bent: {value}", "en": "you are: {value}"},
    "p_languages_spoken": {"nl": "talen: {value}", "en": "languages: {value}"},
    "p_finished_no": {"nl": "niet afgemaakt", "en": "not finished"},
    "p_finished_yes": {"nl": "afgerond", "en": "finished"},
    "p_none": {"nl": "geen diploma", "en": "no diploma"},
    "p_changed": {"nl": "{label} {old} → {new}", "en": "{label} {old} → {new}"},
    "w_employed": {"nl": "werk in loondienst", "en": "employed"},
    "w_self_employed": {"nl": "eigen bedrijf of zzp", "en": "own business or freelance"},
    "w_unemployed_ww": {"nl": "WW", "en": "unemployment benefit (WW)"},
    "w_bijstand": {"nl": "bijstand", "en": "social assistance (bijstand)"},
    "w_student": {"nl": "op school of studie", "en": "at school or studying"},
    "w_none_other": {"nl": "geen werk", "en": "no work"},
    "pa_no_partner": {"nl": "geen partner", "en": "no partner"},
    "pa_works_or_studies": {"nl": "werkt of studeert", "en": "works or studies"},
    "pa_other": {"nl": "werkt niet en studeert niet", "en": "does not work or study"},
    "r_student": {"nl": "leerling of student", "en": "a student"},
    "r_parent": {"nl": "ouder", "en": "a parent"},
    "r_counsellor": {"nl": "decaan of mentor", "en": "a counsellor"},
    "r_jobcoach": {"nl": "jobcoach", "en": "a job coach"},
    "r_entrepreneur": {"nl": "ondernemer", "en": "a business owner"},
    "lang_name_nl": {"nl": "Nederlands", "en": "Dutch"}, "lang_name_en": {"nl": "Engels", "en": "English"},
    "lang_name_tr": {"nl": "Turks", "en": "Turkish"}, "lang_name_ar": {"nl": "Arabisch", "en": "Arabic"},
    "lang_name_pl": {"nl": "Pools", "en": "Polish"}, "lang_name_ber": {"nl": "Berbers", "en": "Berber"},
    "lang_name_so": {"nl": "Somalisch", "en": "Somali"}, "lang_name_ti": {"nl": "Tigrinya", "en": "Tigrinya"},
    "lang_name_uk": {"nl": "Oekraïens", "en": "Ukrainian"}, "lang_name_ru": {"nl": "Russisch", "en": "Russian"},
    "lang_name_es": {"nl": "Spaans", "en": "Spanish"}, "lang_name_fr": {"nl": "Frans", "en": "French"},
    "lang_name_de": {"nl": "Duits", "en": "German"}, "lang_name_pap": {"nl": "Papiaments", "en": "Papiamento"},
    "lang_name_srn": {"nl": "Sranantongo", "en": "Sranan Tongo"}, "lang_name_fa": {"nl": "Farsi", "en": "Farsi"},
    "lang_name_ur": {"nl": "Urdu", "en": "Urdu"}, "lang_name_hi": {"nl": "Hindi", "en": "Hindi"},
    "lang_name_pt": {"nl": "Portugees", "en": "Portuguese"},
    "more_info_at": {"nl": "Meer weten: {url} ", "en": "More: {url} "},
    "start_check": {"nl": "Start de fondscheck", "en": "Start the fund check"},
    # channels (Telegram, WhatsApp, web): answers that do not come from the dialogue
    "text_only": {"nl": "Sorry, ik kan alleen tekst lezen. Typ je vraag maar.",
                  "en": "Sorry, I can only read text. Please type your question."},
    "too_long": {"nl": "Dat bericht is te lang voor mij. Kun je het korter zeggen?",
                 "en": "That message is too long for me. Could you say it in fewer words?"},
    "slow_down": {"nl": "Je stuurt veel berichten tegelijk. Wacht even en probeer het dan opnieuw.",
                  "en": "You are sending a lot of messages at once. Please wait a moment and try again."},
    "service_problem": {"nl": "Sorry, er gaat nu iets mis aan mijn kant. Probeer het over een minuut nog een keer.",
                        "en": "Sorry, something is going wrong on my side. Please try again in a minute."},
    # Telegram groups: questions about the member's own situation are asked in a private chat only
    "group_private_offer": {"nl": "In de groep vraag ik niets over jou. Wil je advies dat bij jou past? "
                                  "Stuur me dan een privébericht: {url}",
                            "en": "In a group I don't ask anything about you. Would you like advice that fits you? "
                                  "Send me a private message: {url}"},
}


MONTHS = {
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
}


def t(key: str, lang: str, **values: str) -> str:
    text = TEXTS[key][normalise_language(lang)]
    return text.format(**values) if values else text


def join_words(items: list[str], lang: str) -> str:
    """['a', 'b', 'c'] -> 'a, b en c' / 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {t('and', lang)} " + items[-1]
