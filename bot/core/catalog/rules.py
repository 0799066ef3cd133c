"""Load the active TechEduFonds rule set from the database as :class:`bot.core.eligibility.Rules`.

The form asks "what is still needed?" on every turn, so the rules are cached per catalog version
(bot/core/catalog/cache.py) and read with two queries, not one per instrument.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Dict, List, Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.core.catalog.cache import cached_by_version
from bot.core.catalog.settings import shows_examples
from bot.core.db.models import EligibilityCriterion, FundingInstrument, RuleSet
from bot.core.db.session import get_engine, session_scope
from bot.core.eligibility import Criterion, Instrument, Rules


def _read_rules(session) -> Optional[Rules]:
    rule_set = session.execute(select(RuleSet).where(RuleSet.active.is_(True))).scalar_one_or_none()
    if rule_set is None:
        return None
    instruments = session.execute(select(FundingInstrument).where(FundingInstrument.rule_set_id == rule_set.id)
                                  .order_by(FundingInstrument.position)).scalars().all()
    criteria: Dict[int, List[Criterion]] = {}
    rows = session.execute(select(EligibilityCriterion)
                           .where(EligibilityCriterion.instrument_id.in_([i.id for i in instruments]))
                           .order_by(EligibilityCriterion.instrument_id, EligibilityCriterion.position)).scalars()
    for c in rows:
        criteria.setdefault(c.instrument_id, []).append(
            Criterion(c.field, c.operator, c.value, {"nl": c.fail_nl, "en": c.fail_en},
                      {"nl": c.pass_nl, "en": c.pass_en}))
    return Rules(
        version=rule_set.version, questions=list(rule_set.questions or []), illustrative=rule_set.illustrative,
        instruments=[Instrument(
            key=inst.key,
            name={"nl": inst.name_nl, "en": inst.name_en},
            description={"nl": inst.description_nl, "en": inst.description_en},
            next_step={"nl": inst.next_step_nl, "en": inst.next_step_en},
            criteria=criteria.get(inst.id, []), source=inst.source, illustrative=inst.illustrative,
        ) for inst in instruments],
    )


def confirmed_only(rules: Rules) -> Rules:
    """Production mode: only rules someone checked may give a verdict. An illustrative rule set (or instrument)
    is left out, so the fund check says the rules are not confirmed yet instead of guessing."""
    if rules.illustrative:
        return replace(rules, instruments=[])
    return replace(rules, instruments=[i for i in rules.instruments if not i.illustrative])


def load_active_rules(engine: Engine | None = None) -> Optional[Rules]:
    """The active rule set; in production mode without the instruments nobody has checked (possibly none)."""
    engine = engine or get_engine()
    with session_scope(engine) as session:
        rules = cached_by_version(session, str(engine.url), "rules", _read_rules)
    if rules is None or shows_examples():
        return rules
    return confirmed_only(rules)
