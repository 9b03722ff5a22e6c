"""oto: a journal for organizers who hold one-to-one relational meetings."""

__version__ = "0.1.0"
