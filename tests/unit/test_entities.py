import pytest

from bot.core.understanding.entities import default_matcher, mbo_level


def found(text):
    return {(e.entity, e.value) for e in default_matcher().find(text)}


@pytest.mark.parametrize("text, entity, value", [
    ("wat doet een data analist?", "job_profile", "data_analyst"),
    ("Data-analisten verdienen goed", "job_profile", "data_analyst"),
    ("ik wil programmeur worden", "job_profile", "software_developer"),
    ("zijn programmeurs nodig?", "job_profile", "software_developer"),
    ("softwareontwikkelaar", "job_profile", "software_developer"),
    ("wat doet een systeembeheerder", "job_profile", "it_administrator"),
    ("wat doet een tester?", "job_profile", "tester"),
    ("systeembeheeder", "job_profile", "it_administrator"),
    ("what does a UX designer do", "job_profile", "ux_designer"),
    ("cyber security lijkt me vet", "job_profile", "cyber_security"),
    ("ik heb alleen vmbo", "education_level", "vmbo"),
    ("mbo-4 gedaan", "education_level", "mbo"),
    ("ik ben hbo'er", "education_level", "hbo"),
    ("ik heb geen diploma", "education_level", "none"),
    ("i went to university", "education_level", "wo"),
    ("ik woon in Poelenburg", "location", "Zaandam"),
    ("cursus in zaanstad", "location", "Zaandam"),
    ("in de bijlmer", "location", "Zuidoost"),
    ("amsterdam nieuw-west", "location", "Nieuw-West"),
    ("ik ben moeder van een zoon", "role", "parent"),
    ("ik ben decaan", "role", "counsellor"),
])
def test_catalog_entities_are_found_and_normalised(text, entity, value):
    assert (entity, value) in found(text)


def test_spans_point_at_the_text():
    [entity] = [e for e in default_matcher().find("Ik wil Data Analist worden") if e.entity == "job_profile"]
    assert entity.text == "Data Analist"


def test_no_false_positives_on_plain_chat():
    assert found("hoi hoe gaat het") == set()
    assert found("ok thanks") == set()


@pytest.mark.parametrize("text, level", [("mbo-4", "4"), ("MBO niveau 2", "2"), ("mbo 3 ict", "3"), ("mbo", None)])
def test_mbo_level(text, level):
    assert mbo_level(text) == level


@pytest.mark.parametrize("text", ["het programma is leuk", "is there a programme for adults", "bevestiging",
                                  "ik schrijf teksten", "en toen?", "none of these"])
def test_ordinary_words_are_not_mistaken_for_entities(text):
    assert found(text) == set()
