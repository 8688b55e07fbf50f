"""The public job search's index on PostgreSQL: every distinct two-character substring
(bigram) of a vacancy's folded search text, in a GIN index.

A Chinese search word is usually two characters (會計, 門市, 司機); ``LIKE '%會計%'`` alone
reads every row, and pg_trgm's trigrams cannot serve a two-character pattern. With this index
the search asks first for the rows holding all the bigrams of each word
(``employment_bigrams(search_text) @> employment_bigrams('會計')``), then checks the substring
itself on those rows (labor.employment.selectors.public_search). One-character words fall back
to the plain substring test. SQLite has no such index: there the substring test alone runs.

Both databases also get a partial index of the open vacancies newest first (the search's
order, ``-posted_on, -id``): a page of a broad search then reads its 20 rows from the index
instead of sorting every match.

Both are raw SQL on the lead's table, not ``Meta.indexes`` of Vacancy: the expression index
has no ORM form that Django's migration state would keep equal to the model.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION employment_bigrams(t text) RETURNS text[]
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
$$ SELECT coalesce(array_agg(DISTINCT substr(t, i, 2)), '{}')
   FROM generate_series(1, length(t) - 1) AS i $$
"""
INDEX = """
CREATE INDEX IF NOT EXISTS employment_vacancy_search_bigrams
ON employment_vacancy USING gin (employment_bigrams(search_text))
"""

RECENT = """
CREATE INDEX IF NOT EXISTS employment_vacancy_open_recent
ON employment_vacancy (posted_on DESC, id DESC) WHERE status = 'open'
"""


def forwards(apps, schema_editor):
    schema_editor.execute(RECENT)
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION)
    schema_editor.execute(INDEX)


def backwards(apps, schema_editor):
    schema_editor.execute("DROP INDEX IF EXISTS employment_vacancy_open_recent")
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS employment_vacancy_search_bigrams")
    schema_editor.execute("DROP FUNCTION IF EXISTS employment_bigrams(text)")


class Migration(migrations.Migration):

    dependencies = [
        ("employment", "0005_jobbank"),
    ]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
