"""Schema of the seed files in ``data/catalog/``.

Pydantic (v1, as pinned by Rasa 3.6) validates every record, so that a bad file is reported with its file,
record and field instead of failing somewhere inside the database.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from pydantic import BaseModel, Extra, conint, constr, root_validator, validator

NonEmpty = constr(strip_whitespace=True, min_length=1)
Identifier = constr(regex=r"^[a-z][a-z0-9_]*$", max_length=40)


class _Strict(BaseModel):
    class Config:
        extra = Extra.forbid


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
    source: NonEmpty

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


class RouteTypeRecord(_Strict):
    id: Identifier
    name: Text
    description: Text
    diploma_needed: bool
    typical_duration: Text
    examples: List[NonEmpty] = []
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
