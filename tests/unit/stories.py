"""The assistant's own stories, rules and test stories as Rasa's trackers, for checks that must hold on all of them."""
from functools import lru_cache
from pathlib import Path

from rasa.shared.core.domain import Domain

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = Domain.load(str(ROOT / "domain"))


@lru_cache(maxsize=1)
def story_trackers():
    from rasa.shared.core.generator import TrainingDataGenerator
    from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
    from rasa.shared.core.training_data.structures import StoryGraph

    steps = []
    for path in ("data/stories.yml", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "data" / "rules").glob("*.yml")),
                 "tests/test_stories.yml"):
        steps += YAMLStoryReader(DOMAIN).read_from_file(str(ROOT / path))
    trackers = TrainingDataGenerator(StoryGraph(steps), DOMAIN, augmentation_factor=0).generate()
    assert len(trackers) > 50
    return trackers
