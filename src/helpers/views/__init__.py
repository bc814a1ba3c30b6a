"""What people see: the house plot style (tidy data in, Axes out, ``ax=``), captions and text
alternatives, finding cards, the public results that show themselves in a notebook, and
printable pages.

Built on ``core`` and ``analysis``; no widgets here.
"""
__all__: list[str] = []
