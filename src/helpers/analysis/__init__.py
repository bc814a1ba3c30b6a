"""The numbers: have we seen enough (saturation), is demand predictable (XmR), a person's
case counted, teams compared, and the checks for the nine classic mistakes.

Built on ``core`` only; results are plain data. How they are drawn and shown in a notebook
is ``views``' work.
"""
__all__: list[str] = []
