# Every target calls tasks.py, which works the same without make (python tasks.py <target>).
PY ?= python3

.PHONY: workshop test bench bench-quick walkthrough capture room notebooks datasets

workshop:
	$(PY) tasks.py workshop

test:
	$(PY) tasks.py test

bench:
	$(PY) tasks.py bench

bench-quick:
	$(PY) tasks.py bench --quick

walkthrough:
	$(PY) tasks.py walkthrough "$(STUDY)"

capture:
	$(PY) tasks.py capture "$(STUDY)"

# make room TEAMS=north:6,south:6 (as root): JupyterHub for the room, an account per seat
room:
	$(PY) tasks.py room $(if $(TEAMS),--teams $(TEAMS)) $(ARGS)

notebooks:
	$(PY) tasks.py notebooks

datasets:
	$(PY) tasks.py datasets
