"""The ground floor: errors, places and modes, the one vocabulary, loading and writing
tables, personal data found and masked, and the Study (one SQLite file per study).

Nothing here imports a higher layer, draws or shows a widget: a study's data is read,
checked and stored the same way whoever asks.
"""
__all__: list[str] = []
