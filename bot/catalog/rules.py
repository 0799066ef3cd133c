"""Load the active TechEduFonds rule set from the database as :class:`bot.eligibility.Rules`."""
from __future__ import annotations

from typing import Optional

from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.db.models import EligibilityCriterion, FundingInstrument, RuleSet
from bot.db.session import session_scope
from bot.eligibility import Criterion, Instrument, Rules


def load_active_rules(engine: Engine | None = None) -> Optional[Rules]:
    with session_scope(engine) as s:
        rule_set = s.execute(select(RuleSet).where(RuleSet.active.is_(True))).scalar_one_or_none()
        if rule_set is None:
            return None
        instruments = []
        rows = s.execute(select(FundingInstrument).where(FundingInstrument.rule_set_id == rule_set.id)
                         .order_by(FundingInstrument.position)).scalars().all()
        for inst in rows:
            criteria = s.execute(select(EligibilityCriterion)
                                 .where(EligibilityCriterion.instrument_id == inst.id)
                                 .order_by(EligibilityCriterion.position)).scalars().all()
            instruments.append(Instrument(
                key=inst.key,
                name={"nl": inst.name_nl, "en": inst.name_en},
                description={"nl": inst.description_nl, "en": inst.description_en},
                next_step={"nl": inst.next_step_nl, "en": inst.next_step_en},
                criteria=[Criterion(c.field, c.operator, c.value, {"nl": c.fail_nl, "en": c.fail_en},
                                    {"nl": c.pass_nl, "en": c.pass_en}) for c in criteria],
                source=inst.source, illustrative=inst.illustrative,
            ))
        return Rules(version=rule_set.version, questions=list(rule_set.questions or []), instruments=instruments,
                     illustrative=rule_set.illustrative)
