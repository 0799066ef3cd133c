"""The catalog: seed files in data/catalog/, their schema, the import into the database and queries."""
