"""SQLAlchemy models (2.0 style on SQLAlchemy 1.4) for the TechConnect catalog.

Bilingual text lives in paired ``*_nl`` / ``*_en`` columns so that a query can pick one language without
parsing JSON; lists (skills, sectors, synonyms) are JSON columns, which work on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, Date, DateTime, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import declarative_base

Base = declarative_base()


class JobProfile(Base):
    __tablename__ = "job_profiles"

    id = Column(String(40), primary_key=True)
    name_nl = Column(String(120), nullable=False)
    name_en = Column(String(120), nullable=False)
    synonyms_nl = Column(JSON, nullable=False, default=list)
    synonyms_en = Column(JSON, nullable=False, default=list)
    summary_nl = Column(Text, nullable=False)
    summary_en = Column(Text, nullable=False)
    day_nl = Column(Text, nullable=False)
    day_en = Column(Text, nullable=False)
    skills_nl = Column(JSON, nullable=False)
    skills_en = Column(JSON, nullable=False)
    sectors_nl = Column(JSON, nullable=False)
    sectors_en = Column(JSON, nullable=False)
    interests = Column(JSON, nullable=False, default=list)
    math_level_nl = Column(Text, nullable=False)
    math_level_en = Column(Text, nullable=False)
    salary_min = Column(Integer, nullable=False)
    salary_max = Column(Integer, nullable=False)
    salary_period = Column(String(10), nullable=False, default="month")
    salary_illustrative = Column(Boolean, nullable=False, default=True)
    salary_source_nl = Column(Text, nullable=False)
    salary_source_en = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)


class EducationLevel(Base):
    __tablename__ = "education_levels"

    id = Column(String(10), primary_key=True)
    order = Column(Integer, nullable=False)
    name_nl = Column(String(80), nullable=False)
    name_en = Column(String(80), nullable=False)
    synonyms_nl = Column(JSON, nullable=False, default=list)
    synonyms_en = Column(JSON, nullable=False, default=list)
    description_nl = Column(Text, nullable=False)
    description_en = Column(Text, nullable=False)
    source = Column(Text, nullable=False)


class RouteType(Base):
    __tablename__ = "route_types"

    id = Column(String(40), primary_key=True)
    name_nl = Column(String(160), nullable=False)
    name_en = Column(String(160), nullable=False)
    description_nl = Column(Text, nullable=False)
    description_en = Column(Text, nullable=False)
    diploma_needed = Column(Boolean, nullable=False)
    admission_nl = Column(Text, nullable=True)
    admission_en = Column(Text, nullable=True)
    duration_nl = Column(String(120), nullable=False)
    duration_en = Column(String(120), nullable=False)
    examples = Column(JSON, nullable=False, default=list)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)


class Route(Base):
    """One way into ``profile`` from ``level``; ``position`` orders the options best first."""

    __tablename__ = "routes"
    __table_args__ = (UniqueConstraint("profile_id", "level_id", "route_type_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    profile_id = Column(String(40), ForeignKey("job_profiles.id", ondelete="CASCADE"), nullable=False, index=True)
    level_id = Column(String(10), ForeignKey("education_levels.id", ondelete="CASCADE"), nullable=False, index=True)
    route_type_id = Column(String(40), ForeignKey("route_types.id", ondelete="CASCADE"), nullable=False)
    position = Column(Integer, nullable=False)
    note_nl = Column(Text, nullable=False, default="")
    note_en = Column(Text, nullable=False, default="")


class Location(Base):
    """A municipality or district with approximate coordinates (for distances)."""

    __tablename__ = "locations"

    id = Column(String(60), primary_key=True)
    kind = Column(String(20), nullable=False)
    part_of = Column(String(60), nullable=True)
    lat = Column(Float, nullable=False)
    lon = Column(Float, nullable=False)
    synonyms = Column(JSON, nullable=False, default=list)


class Provider(Base):
    __tablename__ = "providers"

    id = Column(String(60), primary_key=True)
    name = Column(String(160), nullable=False)
    kind = Column(String(40), nullable=False)
    description_nl = Column(Text, nullable=False)
    description_en = Column(Text, nullable=False)
    website = Column(String(300), nullable=True)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)


class Course(Base):
    __tablename__ = "courses"

    id = Column(String(80), primary_key=True)
    provider_id = Column(String(60), ForeignKey("providers.id", ondelete="CASCADE"), nullable=False, index=True)
    name_nl = Column(String(200), nullable=False)
    name_en = Column(String(200), nullable=False)
    summary_nl = Column(Text, nullable=False)
    summary_en = Column(Text, nullable=False)
    diploma_required = Column(Boolean, nullable=False)
    min_age = Column(Integer, nullable=True)
    max_age = Column(Integer, nullable=True)
    min_mbo_level = Column(Integer, nullable=True)
    needs_employer = Column(Boolean, nullable=False, default=False)
    awards = Column(String(10), nullable=True)
    full_time = Column(Boolean, nullable=False, default=False)
    part_time = Column(Boolean, nullable=False, default=False)
    evening = Column(Boolean, nullable=False, default=False)
    online = Column(Boolean, nullable=False, default=False)
    duration_weeks = Column(Integer, nullable=True)
    cost_eur = Column(Integer, nullable=True)
    is_free = Column(Boolean, nullable=False, default=False, index=True)
    cost_note_nl = Column(Text, nullable=True)
    cost_note_en = Column(Text, nullable=True)
    languages = Column(JSON, nullable=False, default=list)
    target_groups = Column(JSON, nullable=False, default=list)
    start_dates = Column(JSON, nullable=False, default=list)
    start_note_nl = Column(Text, nullable=True)
    start_note_en = Column(Text, nullable=True)
    url = Column(String(300), nullable=True)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)
    illustrative_fields = Column(JSON, nullable=False, default=list)


class CourseProfile(Base):
    __tablename__ = "course_profiles"

    course_id = Column(String(80), ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    profile_id = Column(String(40), ForeignKey("job_profiles.id", ondelete="CASCADE"), primary_key=True, index=True)


class CourseLevel(Base):
    __tablename__ = "course_levels"

    course_id = Column(String(80), ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    level_id = Column(String(10), ForeignKey("education_levels.id", ondelete="CASCADE"), primary_key=True, index=True)


class CourseLocation(Base):
    """Where a course is given; coordinates are copied from the location so a search needs no join."""

    __tablename__ = "course_locations"

    course_id = Column(String(80), ForeignKey("courses.id", ondelete="CASCADE"), primary_key=True)
    location_id = Column(String(60), ForeignKey("locations.id", ondelete="CASCADE"), primary_key=True)
    lat = Column(Float, nullable=False, index=True)
    lon = Column(Float, nullable=False)


class RuleSet(Base):
    """A version of the TechEduFonds rules; exactly one is active."""

    __tablename__ = "rule_sets"

    id = Column(Integer, primary_key=True, autoincrement=True)
    version = Column(String(40), nullable=False, unique=True)
    active = Column(Boolean, nullable=False, default=False)
    description = Column(Text, nullable=False, default="")
    questions = Column(JSON, nullable=False, default=list)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=True)


class FundingInstrument(Base):
    __tablename__ = "funding_instruments"

    id = Column(Integer, primary_key=True, autoincrement=True)
    rule_set_id = Column(Integer, ForeignKey("rule_sets.id", ondelete="CASCADE"), nullable=False, index=True)
    key = Column(String(60), nullable=False)
    position = Column(Integer, nullable=False)
    name_nl = Column(String(160), nullable=False)
    name_en = Column(String(160), nullable=False)
    description_nl = Column(Text, nullable=False)
    description_en = Column(Text, nullable=False)
    next_step_nl = Column(Text, nullable=False)
    next_step_en = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=True)


class EligibilityCriterion(Base):
    """One condition of an instrument: ``answer <operator> value``, each with a bilingual reason."""

    __tablename__ = "eligibility_criteria"

    id = Column(Integer, primary_key=True, autoincrement=True)
    instrument_id = Column(Integer, ForeignKey("funding_instruments.id", ondelete="CASCADE"), nullable=False,
                           index=True)
    position = Column(Integer, nullable=False)
    field = Column(String(40), nullable=False)
    operator = Column(String(20), nullable=False)
    value = Column(JSON, nullable=True)
    fail_nl = Column(Text, nullable=False)
    fail_en = Column(Text, nullable=False)
    pass_nl = Column(Text, nullable=False)
    pass_en = Column(Text, nullable=False)


class CatalogMeta(Base):
    """Key/value facts about the imported catalog; ``version`` changes on every import (caches key on it)."""

    __tablename__ = "catalog_meta"

    key = Column(String(40), primary_key=True)
    value = Column(Text, nullable=False)


class Event(Base):
    """An open day, trial lesson, neighbourhood check-in, company visit... on a date at a place."""

    __tablename__ = "events"

    id = Column(String(60), primary_key=True)
    kind = Column(String(20), nullable=False)
    title_nl = Column(Text, nullable=False)
    title_en = Column(Text, nullable=False)
    description_nl = Column(Text, nullable=False)
    description_en = Column(Text, nullable=False)
    date = Column(Date, nullable=False, index=True)
    time = Column(String(5), nullable=False)
    location_id = Column(String(60), ForeignKey("locations.id"), nullable=False)
    venue = Column(String(200), nullable=False)
    provider_id = Column(String(60), ForeignKey("providers.id"), nullable=True)
    profiles = Column(JSON, nullable=False, default=list)
    free = Column(Boolean, nullable=False, default=True)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)


class RoleModel(Base):
    """A short story of someone who found their way into tech; shown only with recorded consent."""

    __tablename__ = "role_models"

    id = Column(String(60), primary_key=True)
    name = Column(String(80), nullable=False)
    profile_id = Column(String(40), ForeignKey("job_profiles.id"), nullable=False)
    story_nl = Column(Text, nullable=False)
    story_en = Column(Text, nullable=False)
    groups = Column(JSON, nullable=False, default=list)
    consent_publish = Column(Boolean, nullable=False)
    consent_recorded = Column(Date, nullable=True)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)


class Liaison(Base):
    """A TechConnect liaison: the contact point between a neighbourhood or town and the programme."""

    __tablename__ = "liaisons"

    id = Column(String(60), primary_key=True)
    name = Column(String(120), nullable=False)
    location_id = Column(String(60), ForeignKey("locations.id"), nullable=False)
    area_nl = Column(Text, nullable=False)
    area_en = Column(Text, nullable=False)
    email = Column(String(200), nullable=True)
    phone = Column(String(40), nullable=True)
    hours_nl = Column(Text, nullable=False)
    hours_en = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    illustrative = Column(Boolean, nullable=False, default=False)
    covers = Column(JSON, nullable=False, default=list)  # place ids of its area, its own place included
    languages = Column(JSON, nullable=False, default=list)  # ISO 639-1 codes; empty when not known
    response_days = Column(Integer, nullable=True)  # working days until they contact someone; None: not known


# --- personal data: never part of the catalog import, deleted on request and after the retention period ---

class Referral(Base):
    """A code a counsellor hands to a student; the student's chat starts with it (``/start CODE``)."""

    __tablename__ = "referrals"

    code = Column(String(64), primary_key=True)
    counsellor_name = Column(String(120), nullable=False)
    organisation = Column(String(160), nullable=False, default="")
    created_by_sender = Column(String(255), nullable=True, index=True)  # set when made in the chat
    created_at = Column(DateTime, nullable=False)
    label = Column(String(60), nullable=True)  # what the counsellor named it for, e.g. "klas 3B"
    kind = Column(String(10), nullable=False, default="single", server_default="single")  # "single" | "group"
    number = Column(Integer, nullable=True)  # 1..N when several codes were made at once, one per person
    revoked_at = Column(DateTime, nullable=True)  # a revoked code welcomes nobody and shares nothing


class ReferralLink(Base):
    """A student who arrived with a referral code, and whether they allow a summary for the counsellor."""

    __tablename__ = "referral_links"
    __table_args__ = (UniqueConstraint("code", "sender_id"),)

    id = Column(Integer, primary_key=True, autoincrement=True)
    code = Column(String(64), ForeignKey("referrals.code", ondelete="CASCADE"), nullable=False, index=True)
    sender_id = Column(String(255), nullable=False, index=True)
    linked_at = Column(DateTime, nullable=False)
    consent_given_at = Column(DateTime, nullable=True)
    consent_revoked_at = Column(DateTime, nullable=True)
    progress = Column(JSON, nullable=True)  # what the student chose; kept only while consent is given


class CallbackRequest(Base):
    """Someone asked a liaison to contact them; stored only after they agreed."""

    __tablename__ = "callback_requests"

    id = Column(Integer, primary_key=True, autoincrement=True)
    sender_id = Column(String(255), nullable=False, index=True)
    name = Column(String(120), nullable=False)
    contact = Column(String(200), nullable=False)
    language = Column(String(2), nullable=False)
    place = Column(String(60), nullable=True)
    liaison_id = Column(String(60), nullable=True)  # no foreign key: a catalog re-import must not touch this
    preferred_time = Column(Text, nullable=True)  # the user's own words, e.g. "na 3 uur"
    languages = Column(JSON, nullable=False, default=list)  # ISO 639-1 codes the user speaks
    created_at = Column(DateTime, nullable=False, index=True)
    closed_at = Column(DateTime, nullable=True)


class WhatsAppIdentity(Base):
    """A WhatsApp user id (business-scoped, sent even when the user hides their phone number) and the
    conversation it belongs to, so one person keeps one conversation whether or not the number is shown."""

    __tablename__ = "whatsapp_identities"

    user_id = Column(String(120), primary_key=True)
    conversation_id = Column(String(255), nullable=False, index=True)
    created_at = Column(DateTime, nullable=False)
