"""Schema of the seed files in ``data/catalog/``.

Pydantic (v1, as pinned by Rasa 3.6) validates every record, so that a bad file is reported with its file,
record and field instead of failing somewhere inside the database.
"""
from __future__ import annotations

from datetime import date
from typing import Dict, List, Optional, Union

from pydantic import BaseModel, Extra, Field, StrictInt, confloat, conint, constr, root_validator, validator

NonEmpty = constr(strip_whitespace=True, min_length=1)
Identifier = constr(regex=r"^[a-z][a-z0-9_]*$", max_length=40)


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid
        allow_population_by_field_name = True


class Text(_Strict):
    """A user-visible text in both languages."""

    nl: NonEmpty
    en: NonEmpty


class TextList(_Strict):
    nl: List[NonEmpty]
    en: List[NonEmpty]

    @root_validator(skip_on_failure=True)
    def _same_length(cls, values):
        if not values["nl"] or len(values["nl"]) != len(values["en"]):
            raise ValueError("nl and en must be non-empty lists of the same length")
        return values


class Synonyms(_Strict):
    nl: List[NonEmpty] = []
    en: List[NonEmpty] = []

    @validator("nl", "en", each_item=True)
    def _lowercase(cls, value: str) -> str:
        return value.lower()


class Salary(_Strict):
    min: conint(gt=0)
    max: conint(gt=0)
    period: constr(regex=r"^(month|year)$") = "month"
    illustrative: bool
    source: Text

    @root_validator(skip_on_failure=True)
    def _ordered(cls, values):
        if values["min"] > values["max"]:
            raise ValueError("salary min is larger than max")
        return values


class JobProfileRecord(_Strict):
    id: Identifier
    name: Text
    synonyms: Synonyms
    summary: Text
    day: Text
    skills: TextList
    sectors: TextList
    interests: List[Identifier] = []
    math_level: Text
    salary: Salary
    source: NonEmpty
    illustrative: bool = False


class EducationLevelRecord(_Strict):
    id: Identifier
    order: conint(ge=0)
    name: Text
    synonyms: Synonyms
    description: Text
    source: NonEmpty


class RouteExample(_Strict):
    """An example shown only to people whose level a programme admits (Make IT Work: hbo and wo)."""
    name: NonEmpty
    levels: List[Identifier]


class RouteTypeRecord(_Strict):
    id: Identifier
    name: Text
    description: Text
    diploma_needed: bool
    admission: Optional[Text] = None                   # who may start, in words; shown instead of yes/no
    typical_duration: Text
    examples: List[Union[NonEmpty, RouteExample]] = []
    source: NonEmpty
    illustrative: bool = False


class MatrixCell(_Strict):
    routes: List[Identifier]
    note: Optional[Text] = None

    @validator("routes")
    def _not_empty(cls, value):
        if not value:
            raise ValueError("at least one route is needed")
        return value


class JobProfilesFile(_Strict):
    job_profiles: List[JobProfileRecord]


class EducationLevelsFile(_Strict):
    education_levels: List[EducationLevelRecord]


class RoutesFile(_Strict):
    route_types: List[RouteTypeRecord]
    matrix: Dict[Identifier, Dict[Identifier, MatrixCell]]


# --- places -------------------------------------------------------------------------------------------------

class LocationRecord(_Strict):
    id: NonEmpty
    kind: constr(regex=r"^(municipality|district)$")
    part_of: Optional[NonEmpty] = None
    lat: confloat(ge=50.5, le=53.7)
    lon: confloat(ge=3.2, le=7.3)
    synonyms: List[NonEmpty] = []


class LocationsFile(_Strict):
    source: NonEmpty
    locations: List[LocationRecord]


# --- providers and courses ----------------------------------------------------------------------------------

ProviderKind = constr(regex=r"^(school_no_diploma|community_hub|women_programme|mbo_college|hbo|wo|bootcamp|"
                            r"employer_programme|sme_programme|online)$")
# The ways a course is given; each is a column of the courses table (bot/core/db/models.py).
FORMATS = ("full_time", "part_time", "evening", "online")
Format = constr(regex=r"^(" + "|".join(FORMATS) + r")$")
TargetGroup = constr(regex=r"^(everyone|women|over_40|unemployed|young_people|sme_owners|employees)$")
LanguageCode = constr(regex=r"^(nl|en)$")


class ProviderRecord(_Strict):
    id: Identifier
    name: NonEmpty
    kind: ProviderKind
    description: Text
    website: Optional[NonEmpty] = None
    synonyms: List[NonEmpty] = []         # other names people use ("piscine" for Codam's selection month)
    source: NonEmpty
    illustrative: bool = False
    illustrative_fields: List[NonEmpty] = []


class CourseRecord(_Strict):
    id: constr(regex=r"^[a-z][a-z0-9_]*$", max_length=80)
    provider: Identifier
    name: Text
    summary: Text
    job_profiles: List[Identifier]
    entry_levels: List[Identifier]
    diploma_required: bool
    min_age: Optional[conint(ge=0, le=99)] = None
    max_age: Optional[conint(ge=0, le=99)] = None
    min_mbo_level: Optional[conint(ge=1, le=4)] = None
    needs_employer: bool = False
    awards: Optional[constr(regex=r"^(entree|mbo2|mbo3|mbo4|mbo|hbo|wo)$")] = None
    locations: List[NonEmpty] = []
    formats: List[Format]
    duration_weeks: Optional[conint(gt=0, le=400)] = None
    cost_eur: Optional[conint(ge=0)] = None
    cost_note: Optional[Text] = None
    languages: List[LanguageCode]
    target_groups: List[TargetGroup]
    start_dates: List[date] = []
    start_note: Optional[Text] = None
    url: Optional[NonEmpty] = None
    source: NonEmpty
    illustrative: bool = False
    illustrative_fields: List[NonEmpty] = []

    @root_validator(skip_on_failure=True)
    def _consistent(cls, values):
        if not values["job_profiles"]:
            raise ValueError("a course needs at least one job profile")
        if not values["entry_levels"]:
            raise ValueError("a course needs at least one entry level")
        if not values["locations"] and "online" not in values["formats"]:
            raise ValueError("a course without a place must be online")
        if "none" in values["entry_levels"] and values["diploma_required"]:
            raise ValueError("a course open to people without a diploma cannot require one")
        if not values["formats"] or not values["languages"] or not values["target_groups"]:
            raise ValueError("formats, languages and target_groups may not be empty")
        return values


class ProvidersFile(_Strict):
    providers: List[ProviderRecord]


class CoursesFile(_Strict):
    courses: List[CourseRecord]


# --- events and role models ---------------------------------------------------------------------------------

EventKind = constr(regex=r"^(open_day|trial_lesson|check_in|company_visit|workshop|job_market)$")
Group = constr(regex=r"^(women|migration_background|over_40|no_diploma|young_people|career_switcher|unemployed)$")


class EventRecord(_Strict):
    id: Identifier
    kind: EventKind
    title: Text
    description: Text
    date: date
    time: constr(regex=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")
    location: NonEmpty  # a place id from locations.yml
    venue: NonEmpty
    provider: Optional[NonEmpty] = None
    profiles: List[Identifier] = []
    free: bool = True
    source: NonEmpty
    illustrative: bool


class EventsFile(_Strict):
    events: List[EventRecord]


class Consent(_Strict):
    """The person agreed to have this story shown (and when); without it the story is never shown."""
    publish: bool
    recorded: Optional[date] = None


class RoleModelRecord(_Strict):
    id: Identifier
    name: NonEmpty  # first name only
    profile: Identifier
    story: Text
    groups: List[Group] = []
    consent: Consent
    source: NonEmpty
    illustrative: bool


class RoleModelsFile(_Strict):
    role_models: List[RoleModelRecord]


class LiaisonRecord(_Strict):
    id: Identifier
    name: NonEmpty
    location: NonEmpty  # a place id from locations.yml
    area: Text
    covers: List[NonEmpty] = []  # the place ids of its area (besides its own place): a request from there goes here
    email: Optional[constr(regex=r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")] = None
    phone: Optional[constr(regex=r"^\+?[0-9 ()-]{8,20}$")] = None
    hours: Text
    # ISO 639 codes of the languages this person speaks; empty when not known (never guessed for a real person)
    languages: List[constr(regex=r"^[a-z]{2,3}$")] = []
    response_days: Optional[conint(ge=0, le=30)] = None  # working days until they get in touch, as they promise
    source: NonEmpty
    illustrative: bool

    @root_validator(skip_on_failure=True)
    def _reachable(cls, values):
        if not values.get("email") and not values.get("phone"):
            raise ValueError("a liaison needs an email or a phone number")
        return values


class LiaisonsFile(_Strict):
    liaisons: List[LiaisonRecord]


# --- TechEduFonds rules -------------------------------------------------------------------------------------

class CriterionRecord(_Strict):
    field: Identifier
    operator: constr(regex=r"^(eq|in|not_in|gte|lt)$")
    value: Union[StrictInt, float, str, List[str]]
    fail: Text
    # "pass" is a Python keyword, hence the alias.
    passed: Text = Field(alias="pass")


class InstrumentRecord(_Strict):
    key: Identifier
    name: Text
    description: Text
    next_step: Text
    source: NonEmpty
    checked: date                  # when the rule was last compared with its source
    illustrative: bool = True
    criteria: List[CriterionRecord]


class RuleSetRecord(_Strict):
    version: NonEmpty
    description: NonEmpty
    source: NonEmpty
    checked: date
    illustrative: bool


class FundingFile(_Strict):
    rule_set: RuleSetRecord
    questions: List[Identifier]
    instruments: List[InstrumentRecord]

    @root_validator(skip_on_failure=True)
    def _fields_are_questions(cls, values):
        questions = set(values["questions"])
        for instrument in values["instruments"]:
            for criterion in instrument.criteria:
                if criterion.field not in questions:
                    raise ValueError(f"instrument {instrument.key}: field {criterion.field} is not in questions")
        return values
