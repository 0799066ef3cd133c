"""Database layer: models, engine/session handling, migrations and the seed import."""
