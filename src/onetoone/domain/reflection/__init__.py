"""Reflecting on a one-to-one, one module per job: the fields (`fields`), who and which meeting
it is about (`about`), checking what was given (`build`), writing it (`record`), asking for it
(`interview`) and the rules of the one waiting draft (`session`)."""
