"""SQLAlchemy models (2.0 style on SQLAlchemy 1.4) for the TechConnect catalog.

Bilingual text lives in paired ``*_nl`` / ``*_en`` columns so that a query can pick one language without
parsing JSON; lists (skills, sectors, synonyms) are JSON columns, which work on SQLite and PostgreSQL alike.
"""
from __future__ import annotations

from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Text, UniqueConstraint
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
    salary_source = Column(Text, nullable=False)
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
