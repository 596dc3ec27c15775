"""`flask seed bench`: fill a database fast with invented but realistic data for benchmarks.

Accounts, proposals with their discussions and supports, closed surveys and votes with their
responses and ballots, and notifications, written by bulk inserts (COPY on PostgreSQL) with every
counter consistent with the rows. The same `--seed` gives the same content; ids, session tokens,
identity keys, receipts and response ids come from an unseeded generator, so they stay unique
and unguessable. `bench/votes.py` and `bench/surveys.py` use the ballot and answer generators.
"""
