"""When a stock answer fits what the user wrote.

The classifier gives the likeliest intent; some answers are only right under a condition the text must show:
"je bent niet te oud" only when age or being late is what the user talks about, a goodbye never for "ben er
weer", a new referral code never when the user wants to stop or revoke codes. :func:`refit` returns the intent
that fits the text, which may be another one ("sorry was ff weg" -> back_again), or None when nothing does and
the guide should ask back.
"""
from __future__ import annotations

import re
from typing import Dict, Iterable, List, Optional

from bot.core.catalog import admission
from bot.core.people import code_requests
from bot.core.understanding.entities import fold
from bot.core.understanding.parts import split

SWEARING = re.compile(r"\b(kanker\w*|tering\w*|kut|klote|fuck\w*|shit\w*|bitch|hoer|mongool|retard\w*|idioot|"
                      r"idiot|moron|stfu)\b")
AT_THE_BOT = re.compile(r"\b(je|jij|jou|you|u|ur|bot|robot|chatbot|ding|thing|app)\b")
INSULT = re.compile(
    r"\b(je bent|jij bent|ben jij|you are|you're|youre|u r|ur|this bot is|deze bot is|wat een|what a)\s+(\w+\s+){0,3}"
    r"(dom|stom|nutteloos|waardeloos|useless|stupid|dumb|trash|garbage|rubbish|idioot|idiot|slecht|kut|joke|"
    r"lame|worthless|pathetic|zielig)\b"
    r"|\b(stomme|domme|kut|useless|stupid|dumb|shitty|fucking|waardeloze|nutteloze)\s+(bot|robot|ding|machine|"
    r"thing|app|computer|chatbot)\b")
INJECTION = re.compile(
    r"ignore (all |any |the )?(previous|prior|your|above|earlier) (instructions|rules|prompts?|messages)"
    r"|negeer (al |alle )?(je|jouw|de|vorige|eerdere) (instructies|regels|opdrachten)|system ?prompt|systeemprompt|"
    r"jailbreak|\bdan mode\b|\bdo anything now\b|developer mode|pretend (to be|you are|you're)|doe alsof je|"
    r"act as (an? )?(unfiltered|evil|uncensored)|reveal your (prompt|instructions|rules)|geef je (prompt|"
    r"instructies)|racist\w* (joke|grap|mop)|(grap|mop|joke)s? (over|about) (moslims|joden|marokkanen|turken|"
    r"zwarten|muslims|jews|black people|moroccans|turks)|<\s*script|drop table|\{\{.*\}\}|^\W*system\s*:|"
    r"verified admin|(?:reveal|dump) (?:me )?(?:all|every|the) (?:stored )?(?:user|users|profiles|data|codes|"
    r"conversations)|(?:show|give|list) (?:me )?(?:all|every) (?:stored )?(?:users?|profiles|codes|conversations)|"
    r"\bje (?:moeder|mama|moeke)\b|\byour (?:mother|mom|mum|mama)\b")

BACK_AGAIN = re.compile(
    r"\b(ben er weer|ben terug|ik ben terug|weer terug|was (ff |even |eff |effe )?weg|was even afwezig|"
    r"weet je (nog|het nog)|waar waren we|waar was ik|where were we|i'?m back|im back|back again|had to go|"
    r"do you remember|you remember|remember what i|was away|been away|had to open|"
    r"ik was gebleven|verder waar|continue where|sorry for the wait|"
    r"sorry voor het wachten)\b")
AGE_WORDS = re.compile(r"\b(oud|ouder\w*|old|older|age[sd]?|leeftijd\w*|jaar|years?|jr|te laat|too late|late|"
                       r"laat|pensioen|retire\w*|senior\w*|\d{2}(?:e|ste|th|s|\+)|(?:at|op|met) \d{2}|"
                       r"veertig\w*|vijftig\w*|zestig\w*|jarige\w*|kansen|chances|"
                       r"forty|fifty|sixty|jong\w*|young\w*|youth|generati\w*|boat|boot|trein|train|"
                       r"(?:over|boven)(?: de)? \d{2}|(?:someone|iemand) (?:of|van) \d{2}|"
                       r"\d{2}\b.{0,30}\b(?:still|nog|zin|realistic|realistisch))\b")
# Words of a question about age itself ("is 55 te oud", "will companies hire someone of 52"), as opposed to an
# age stated in passing or as a correction ("oh wacht, ik ben 24").
ABOUT_AGE = re.compile(r"\b(te oud|too old|oud|old|te laat|too late|laat|late|leeftijd\w*|age|jarige|nog zin|"
                       r"still|nog|missed|boat|hire|maximum|max|boven de|over|zin|kans|chance|switch|kan|can)\b")
REVOKE_WORDS = re.compile(r"\b(intrek\w*|trek\w* .{0,20}in|revoke\w*|withdraw\w*|cancel\w*|stop (met|making|"
                          r"creating)|verwijder\w*|delete\w*|ongeldig|invalidate|schrap\w*|geen (nieuwe )?codes? "
                          r"meer|no more codes?)\b")
CALL_WORDS = re.compile(r"\b(bellen|bel me|bel mij|belt|terugbellen|call me|call back|phone me|iemand spreken|"
                        r"met iemand|een mens|een persoon|a person|a human|someone to talk|somebody|iemand die)\b")
# A stated age ("47 years old", "ik ben 47 jaar") says nothing about whether the writer asks about age.
AGE_STATEMENT = re.compile(r"(?:\b(?:i am|i'?m|ik ben)\s+|,\s*)\d{2}\s*(?:years? old|jaar oud|jaar|years?|yo|jr)\b")
CODE_WORDS = re.compile(r"\b(code\w*|verwijs\w*|verwijz\w*|doorverwijz\w*|doorsturen|doorstuurt|stuur\w* .{0,30}"
                        r"(?:door|naar)|refer\w*|link|uitnodig\w*|nodig .{0,30}\buit|invite\w*|"
                        r"send .{0,30}(?:to|here))\b")
# A question about what a school asks ("what would a student need to sign up for codam?") is no request for a code.
NEEDS_WORDS = re.compile(r"\b(need|needs|nodig|requirements?|eisen|voorwaarden|what does it take|toelating\w*|"
                         r"admission)\b")
BYE_WORDS = re.compile(r"\b(bye|goodbye|doei|dag|ciao|tot ziens|tot later|see you|later|houdoe|ajuu|fijne dag|"
                       r"have a nice day)\b")
STOP_FIRST = re.compile(r"^\W*(?:stop|stoppen|ophouden|cancel|quit)\s*(?:$|[,.!]|ik |i )")
HOW_RULES_WORK = re.compile(r"\b(does it matter|maakt het (?:uit|verschil)|what if|wat als|stel dat|would that be|"
                            r"is that different|is dat anders|verschil|difference|depends on|hangt .{0,20}af)\b")
CHECK_ME = re.compile(r"\b(check|controleer|kom ik in aanmerking|am i eligible|can i get|kan ik .{0,30}krijgen|"
                      r"mag ik|do i qualify)\b")
# Interest in tech work stated without a question ("I am interested in IT support", "i look for job in IT").
INTEREST = re.compile(r"\b(interested in|interesse in|i'?d like to (?:become|work as|move into)|i want to (?:become|"
                      r"work as|move into|switch to)|i look(?:ing)? for (?:a )?(?:job|work) in|"
                      r"ik zoek (?:een )?(?:baan|werk) in|ik wil (?:graag )?(?:\w+ )?worden|lijkt me (?:leuk|wat)|"
                      r"zou graag \w+ worden)\b")
# "Verandert dat iets?", "laat de uitkomst nog een keer zien": the fund check's outcome again.
OUTCOME_AGAIN = re.compile(r"\b(verandert dat (?:iets|wat|de uitkomst)|does that change|change anything|"
                           r"klopt (?:de uitkomst|de check|het) (?:dan )?nog|"
                           r"uitkomst (?:nog )?(?:een keer|eens|opnieuw)|uitkomst\b.{0,30}\b(?:nog (?:eens|een keer)|"
                           r"opnieuw|laten zien)|uitkomst van (?:het fonds|de (?:fonds)?check)|"
                           r"(?:result|outcome) again|(?:show|see) (?:me )?the (?:result|outcome))\b")
# "The women-only course isn't an option for me, I'm a guy": a target group the writer declines.
NOT_FOR_WOMEN = re.compile(r"\b(?:not|isn'?t|niet|geen|no)\b.{0,25}\b(?:for women|voor vrouwen|women[- ]only|"
                           r"vrouwen[- ]only|alleen voor vrouwen)\b|\b(?:for women|voor vrouwen|women[- ]only|"
                           r"vrouwen[- ]only)\b.{0,40}\b(?:not|isn'?t|niet|geen)\b|\bi'?m a (?:guy|man|male|dude)\b|"
                           r"\bik ben (?:een )?(?:man|jongen|vent)\b")


def declined_group(text: str) -> Optional[str]:
    """The target group the message turns down as a filter, if any (only "women" has such words now)."""
    return "women" if NOT_FOR_WOMEN.search(fold(text or "")) else None


# Intents a correction word doesn't turn into a statement of facts.
STEERING = {"inform", "stop", "forget_me", "insult", "request_human", "goodbye", "deny", "affirm", "revoke_consent"}
CORRECTION = re.compile(r"\b(wacht|vergat|vergeten te zeggen|forgot to (?:say|mention)|ik bedoel|i meant|"
                        r"correctie|ik zei het verkeerd|i got it wrong|made a mistake)\b")
LEVEL_WORDS = re.compile(r"\b(vmbo|mavo|mbo|havo|vwo|hbo|wo|niveau [1-4])\b")
# "Hou ik mijn uitkering?": who decides depends on the benefit (bijstand: the municipality; WW: UWV).
KEEP_BENEFIT = re.compile(r"(?i)\b(houd\w*|hou|behoud\w*|keep\w*|lose|verlies\w*|kwijt|stop\w*|ophoud\w*|korten|"
                          r"gekort|mag ik .{0,20}uitkering)\b.{0,60}\b(uitkering|benefit|bijstand|ww|welfare)\b|"
                          r"\b(uitkering|benefit|bijstand|ww|welfare)\b.{0,40}\b(houd\w*|hou|behoud\w*|keep\w*|"
                          r"kwijt|stop\w*|ophoud\w*)\b|"
                          # studying on a benefit: "mag ik een opleiding doen met bijstand?", "study while on WW"
                          r"\b(leren|studeren|opleiding|cursus|school|study\w*|course|training|learn\w*)\b[^.?!]{0,30}"
                          r"\b(met|with|while on|naast)\s+(een\s+|a\s+|my\s+|mijn\s+|de\s+)?(ww[- ]?)?"
                          r"(bijstand\w*|ww|uitkering|benefit|welfare|social assistance)\b|"
                          r"\b(met|with)\s+(een\s+|mijn\s+|my\s+|de\s+)?"
                          r"(bijstand\w*|ww|uitkering|benefit|welfare)\b[^.?!]{0,30}\b(leren|studeren|opleiding|cursus|study\w*|course|training)\b")


# "mijn Engels is niet zo goed", "my dutch is bad": a language the writer would rather not learn in
_WEAK_LANGUAGE = re.compile(r"\b(?:mijn|my)\s+(engels|english|nederlands|dutch)\s+(?:is\s+)?(?:echt\s+|really\s+)?"
                            r"(?:niet\s+(?:zo\s+|zo'n\s+|erg\s+|heel\s+)?goed|not\s+(?:so\s+|very\s+|that\s+)?good|"
                            r"slecht|zwak|bad|poor|weak)")


def weak_language(text: str) -> Optional[str]:
    """The course language the writer says they are not good at ("mijn Engels is NIET goed" -> "en")."""
    m = _WEAK_LANGUAGE.search(fold(text or ""))
    return None if m is None else ("en" if m.group(1) in ("engels", "english") else "nl")


PAY_WORDS = re.compile(r"\b(earn\w*|verdien\w*|salar\w*|salary|loon|pay|paid|betaalt? het)\b")


SELF_DOUBT = re.compile(r"\b(ben ik|am i|i'?m|ik ben)\b.{0,15}\b(te )?(dom|stom|stupid|dumb|slim|smart)\b")



def is_insult(text: str) -> bool:
    folded = fold(text or "")
    if SELF_DOUBT.search(folded) and not INJECTION.search(folded):
        return False  # "ben ik te dom voor ict?" is a question about oneself
    # swearing counts when it is aimed at the bot or is all there is ("mn engels is kut" is about oneself)
    swearing = SWEARING.search(folded) and (AT_THE_BOT.search(folded) or len(folded.split()) <= 3)
    return bool(swearing or INSULT.search(folded) or INJECTION.search(folded))


def refit(intent: str, text: str, ranking: Iterable[Dict] = ()) -> Optional[str]:
    """The intent whose answer fits ``text``: ``intent`` itself, a better one, or None (ask back)."""
    folded = fold(text or "")
    if is_insult(folded):
        return "insult"
    if admission.provider_asked(folded):
        return "ask_too_old"  # "mag ik met 15 naar codam?": the school's age limit for this age (action_answer_age)
    if OUTCOME_AGAIN.search(folded):
        return "inform"  # the fund check's outcome again, with what changed (action_route_inform)
    if intent not in ("stop", "goodbye", "forget_me") and _asks_liaison_language(folded):
        return "request_human"  # "spreekt die persoon turks?": the liaison's languages (action_human_handoff)
    if CORRECTION.search(folded) and intent not in STEERING and not any(p.asks for p in split(folded)):
        return "inform"  # "oh wacht, ik heb me al ingeschreven": a correction, said back (action_route_inform)
    if intent in ("goodbye", "greet", "nlu_fallback", "out_of_scope", "affirm") and BACK_AGAIN.search(folded):
        return "back_again"
    if intent == "back_again" and CORRECTION.search(folded) and not BACK_AGAIN.search(folded):
        # "wacht, ... sorry vergat ik" is a correction, not a return after a break
        return next_fitting(ranking, exclude={"back_again"}, text=folded) if "?" in folded else "inform"
    if code_requests.asks_what_is_seen(folded):
        return "request_summary"  # "wat zien de leerlingen?": how a code works and what is shared (action_summary)
    if code_requests.wants_code_revoked(folded):
        return "revoke_consent"  # "trek code X in", "haal die code weg": a counsellor's code (action_revoke_consent)
    if code_requests.wants_codes_made(folded):
        return "refer_student"  # "een code voor klas 3B", "5 codes, één per leerling"
    if intent == "refer_student" and REVOKE_WORDS.search(folded):
        return "revoke_consent"
    if code_requests.wants_code_list(folded) and not REVOKE_WORDS.search(folded):
        return "request_summary"  # "welke codes heb ik?": the codes and what consenting students chose
    if intent == "refer_student" and code_requests.SEE.search(folded):
        # "wat zien de leerlingen met mijn code?" is a question, no request for another code
        return next_fitting(ranking, exclude={"refer_student"}, text=folded)
    if intent == "refer_student" and NEEDS_WORDS.search(folded) and not CODE_WORDS.search(folded):
        return "ask_requirements"  # "what would a student need for codam?": what a school asks, no new code
    if intent != "stop" and STOP_FIRST.match(folded) and not REVOKE_WORDS.search(folded):
        return "stop"  # "stop, ik doe het later wel"
    if intent == "check_eligibility" and HOW_RULES_WORK.search(folded) and not CHECK_ME.search(folded):
        return "ask_funding"  # "does it matter for the fund if you have a partner?": how the fund works
    if intent == "ask_job_profile" and PAY_WORDS.search(folded):
        return "ask_salary"  # "what does a cyber security specialist earn?": the pay, not the job description
    if intent == "thank" and BYE_WORDS.search(folded):
        return "goodbye"
    if intent == "inform_role" and LEVEL_WORDS.search(folded) and \
            re.search(r"\b(?:with|met|op|on|in) (?:een |a |the |de |het )?(?:vmbo|mavo|mbo|havo|vwo|hbo|wo)\b[^.!]*\?|"
                      r"^\W*(?:and|en) (?:for|voor)\b", folded):
        return "inform_education_level"  # "and for a student with havo?": routes for that level
    if intent == "ask_requirements" and CALL_WORDS.search(folded):
        return "request_human"
    if intent == "ask_too_old" and not AGE_WORDS.search(AGE_STATEMENT.sub(" ", folded)):
        return next_fitting(ranking, exclude={"ask_too_old"}, text=folded)
    return intent


def _asks_liaison_language(folded: str) -> bool:
    from bot.core.people.callback import languages_asked  # imported late: it brings the catalog's database layer

    return bool(languages_asked(folded))


def next_fitting(ranking: Iterable[Dict], exclude: set, text: str) -> Optional[str]:
    """The likeliest other intent of the ranking whose answer fits, if it is likely enough; else None."""
    for entry in sorted(ranking or [], key=lambda e: -(e.get("confidence") or 0.0)):
        name = entry.get("name")
        if not name or name in exclude or name == "nlu_fallback":
            continue
        if (entry.get("confidence") or 0.0) < 0.3:
            return None
        fitted = refit(name, text, ())
        if fitted == name:
            return name
    return None


def without(ranking: Iterable[Dict], names: Iterable[str]) -> List[Dict]:
    drop = set(names)
    return [e for e in ranking or [] if e.get("name") not in drop]
