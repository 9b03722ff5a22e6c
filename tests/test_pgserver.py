"""The PostgreSQL fixture itself: a database of the test's own, there during it and gone after."""


def test_a_test_gets_its_own_database_and_it_is_dropped_after(pg):
    import psycopg

    with psycopg.connect(pg.url) as conn:
        assert conn.execute("SELECT current_database()").fetchone()[0] == pg.database
    # (the drop is checked by the next use: CREATE DATABASE of a random name never collides)
