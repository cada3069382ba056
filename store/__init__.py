"""The shared SQL store: models, engine, migrations, ingest and the queries the review pages need.

It never imports Flask or telegram: adapters call it, not the other way round.
"""
