# Every target calls tasks.py, which works the same without make (python tasks.py <target>).
PY ?= python3

.PHONY: workshop test bench bench-quick walkthrough capture notebooks datasets

workshop:
	$(PY) tasks.py workshop

test:
	$(PY) tasks.py test

bench:
	$(PY) tasks.py bench

bench-quick:
	$(PY) tasks.py bench --quick

walkthrough:
	$(PY) tasks.py walkthrough

capture:
	$(PY) tasks.py capture "$(STUDY)"

notebooks:
	$(PY) tasks.py notebooks

datasets:
	$(PY) tasks.py datasets
