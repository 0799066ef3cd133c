"""Small user-visible text pieces that code puts around catalog content, in both languages.

Whole answers live in domain.yml as responses; these are only the labels inside lists. Every key has a
Dutch and an English text (tests/test_texts.py checks this and the Dutch readability).
"""
from __future__ import annotations

from bot.language import normalise_language

TEXTS = {
    "duration": {"nl": "Duur", "en": "Duration"},
    "diploma_needed": {"nl": "Diploma nodig", "en": "Diploma needed"},
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
    "still_unknown": {"nl": "Dat hangt nog af van {fields}.", "en": "That still depends on {fields}."},
    "next_step": {"nl": "Volgende stap", "en": "Next step"},
    "field_age": {"nl": "je leeftijd", "en": "your age"},
    "field_residence": {"nl": "waar je woont", "en": "where you live"},
    "field_work_situation": {"nl": "je werk of uitkering", "en": "your work or benefit"},
    "field_course_chosen": {"nl": "of je al een opleiding hebt gekozen", "en": "whether you have chosen a course"},
    "field_course_short": {"nl": "hoe lang de opleiding duurt", "en": "how long the course takes"},
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
    "code_line": {"nl": "Code: {code}. De leerling typt in de chat: start {code}",
                  "en": "Code: {code}. The student types in the chat: start {code}"},
    "link_telegram": {"nl": "Telegram-link", "en": "Telegram link"},
    "link_whatsapp": {"nl": "WhatsApp-link", "en": "WhatsApp link"},
    "link_web": {"nl": "Link naar de webchat", "en": "Web chat link"},
    "example_contact": {"nl": "(voorbeeld: dit is nog geen echt adres)", "en": "(example: not a real address yet)"},
    "yes_please": {"nl": "Ja, graag", "en": "Yes, please"},
    "no_thanks": {"nl": "Nee, liever niet", "en": "No, thanks"},
    "yes_delete": {"nl": "Ja, wis alles", "en": "Yes, delete everything"},
    "no_keep": {"nl": "Nee, niet wissen", "en": "No, keep it"},
    # channels (Telegram, WhatsApp, web): answers that do not come from the dialogue
    "text_only": {"nl": "Sorry, ik kan alleen tekst lezen. Typ je vraag maar.",
                  "en": "Sorry, I can only read text. Please type your question."},
    "too_long": {"nl": "Dat bericht is te lang voor mij. Kun je het korter zeggen?",
                 "en": "That message is too long for me. Could you say it in fewer words?"},
    "slow_down": {"nl": "Je stuurt veel berichten tegelijk. Wacht even en probeer het dan opnieuw.",
                  "en": "You are sending a lot of messages at once. Please wait a moment and try again."},
    "service_problem": {"nl": "Sorry, er gaat nu iets mis aan mijn kant. Probeer het over een minuut nog een keer.",
                        "en": "Sorry, something is going wrong on my side. Please try again in a minute."},
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
