"""The workbooks' widgets and forms: exercises and their feedback, lessons, study set-up,
capture, share-back, next steps and the facilitators' console.

Each teaching widget has the same shape: a pure feedback function, an HTML renderer, and a
thin widget tests can drive without a browser.
"""
__all__: list[str] = []
