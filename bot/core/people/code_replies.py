"""The replies about referral codes, in the words of who asks: a counsellor refers "leerlingen"/"students", a job
coach "klanten"/"clients" (a job coach never reads "leerling", "student" or "klas")."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Sequence

from bot.core.people import referrals
from bot.core.people.code_requests import CodeRequest, label_key
from bot.core.people.referrals import CodeInfo, ReferralInfo
from bot.core.texts import t

COUNSELLOR, JOBCOACH = "counsellor", "jobcoach"
MAX_REVOKE_BUTTONS = 3


def audience(role: Optional[str]) -> str:
    """Whose words to use: a job coach's, or (for a counsellor and anyone else making codes) a counsellor's."""
    return JOBCOACH if role == JOBCOACH else COUNSELLOR


def words(role: Optional[str], lang: str) -> Dict[str, str]:
    """{one}, {One}, {many}, {group} for the texts: "leerling", "Leerling", "leerlingen", "klas" or the job
    coach's "klant", "Klant", "klanten", "groep"."""
    who = audience(role)
    one = t(f"who_one_{who}", lang)
    return {"one": one, "One": one[:1].upper() + one[1:], "many": t(f"who_many_{who}", lang),
            "group": t(f"who_group_{who}", lang)}


def say(key: str, role: Optional[str], lang: str, **values: str) -> str:
    return t(key, lang, **{**words(role, lang), **values})


@dataclass
class Reply:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)


def code_for(info: CodeInfo, role: Optional[str], lang: str) -> str:
    """Who a code is for: "Leerling 3 (klas 3B)", "voor de hele klas (klas 3B)", "voor één klant"."""
    if info.kind == referrals.GROUP:
        who = say("code_for_group", role, lang)
    elif info.number:
        who = say("code_for_number", role, lang, number=str(info.number))
    else:
        who = say("code_for_one", role, lang)
    return f"{who} ({info.label})" if info.label else who


def code_lines(codes: Sequence[CodeInfo], role: Optional[str], lang: str) -> List[str]:
    return ["- " + t("code_row", lang, code=c.code, who=code_for(c, role, lang), used=str(c.used),
                     state=t("code_active" if c.active else "code_revoked", lang)) for c in codes]


def code_list(codes: Sequence[CodeInfo], role: Optional[str], lang: str) -> str:
    return "\n".join([t("codes_header", lang)] + code_lines(codes, role, lang))


def link_lines(code: str, role: Optional[str], lang: str, links_for: Callable[[str], Dict[str, str]]) -> List[str]:
    lines = [say("code_line", role, lang, code=code)]
    lines += [f"{t('link_' + channel, lang)}: {url}" for channel, url in links_for(code).items() if channel != "type"]
    return lines


def made(infos: Sequence[ReferralInfo], request: CodeRequest, role: Optional[str], lang: str,
         links_for: Callable[[str], Dict[str, str]] = referrals.links_for) -> str:
    """The reply to codes just made: one code (for one person or a whole group) or one code each."""
    if len(infos) > 1:
        label = f" ({request.label})" if request.label else ""
        numbered = [say("code_each_line", role, lang, code=info.code,
                        who=say("code_for_number", role, lang, number=str(n)) + label)
                    for n, info in enumerate(infos, start=1)]
        text = say("codes_made_each", role, lang, n=str(len(infos)), lines="\n".join(numbered))
        if request.count > referrals.MAX_BATCH:
            text = t("codes_max", lang, max=str(referrals.MAX_BATCH)) + "\n" + text
        return text
    links = "\n".join(link_lines(infos[0].code, role, lang, links_for))
    if request.group:
        whom = say("code_for_group", role, lang) + (f" ({request.label})" if request.label else "")
        return say("code_made_group", role, lang, links=links, whom=whom)
    return say("code_made", role, lang, links=links)


def revoke_button(code: str, lang: str) -> Dict[str, str]:
    # typed text, read like a typed request: works the same on every channel
    return {"title": t("code_revoke_button", lang, code=code), "payload": t("code_revoke_typed", lang, code=code)}


def revoke(sender_id: str, request: CodeRequest, role: Optional[str], lang: str) -> Reply:
    """Revoke what the request names, among this conversation's own codes; otherwise say how, or ask which."""
    if request.codes:
        return _revoke_named(sender_id, request.codes, lang)
    codes = referrals.code_list(sender_id)
    active = [c for c in codes if c.active]
    if request.label:
        key = label_key(request.label)
        matching = [c.code for c in active if label_key(c.label) == key]
        if not matching:
            return Reply(t("code_label_unknown", lang, label=request.label))
        return _revoke_named(sender_id, matching, lang)
    if not active:
        return Reply(t("codes_none_active", lang))
    newest = [c for c in active if c.created_at == active[-1].created_at]
    if request.kind == "revoke" and (len(active) == 1 or (request.that_one and len(newest) == 1)):
        return _revoke_named(sender_id, [active[-1].code], lang)
    return which(active, role, lang, how=request.kind != "revoke")


def which(active: Sequence[CodeInfo], role: Optional[str], lang: str, how: bool) -> Reply:
    """How to revoke (with an example from the user's own codes) and the codes that still work."""
    first = t("code_how_revoke", lang, code=active[-1].code) if how else t("code_which", lang)
    text = "\n".join([first, t("codes_header", lang)] + code_lines(active, role, lang))
    return Reply(text, [revoke_button(c.code, lang) for c in list(active)[-MAX_REVOKE_BUTTONS:]])


def _revoke_named(sender_id: str, codes: Sequence[str], lang: str) -> Reply:
    done, lines = [], []
    for code in codes:
        outcome = referrals.revoke_code(code, sender_id)
        if outcome == referrals.REVOKED:
            done.append(code)
        elif outcome == referrals.ALREADY:
            lines.append(t("code_already_revoked", lang, code=code))
        else:
            lines.append(t("code_not_yours", lang, code=code))
    if len(done) == 1:
        lines.insert(0, t("code_revoked_one", lang, code=done[0]))
    elif done:
        lines.insert(0, t("code_revoked_many", lang, codes=", ".join(done)))
    return Reply("\n".join(lines))
