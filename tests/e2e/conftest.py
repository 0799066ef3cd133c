"""One real stack (action server + Rasa server with the trained model) per test session."""
import pytest

from bot import modelcache
from bot.servers import running_stack
from tests.conftest import make_database


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    model = modelcache.model_path()
    if not model.exists():
        pytest.fail(f"no trained model at {model}: run `make train` (make test does it first)")
    db_url = make_database("sqlite", tmp_path_factory)
    with running_stack(model, env={"DATABASE_URL": db_url}, workdir=tmp_path_factory.mktemp("stack")) as s:
        yield s
