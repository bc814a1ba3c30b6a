"""The scaffold's contracts: modes, places, the light package, the two commands' plumbing."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

import helpers
from helpers.core import datasets, session
from helpers import serve

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("value, expected", [("lab", "lab"), ("readonly", "readonly"), ("capture", "capture"), (" ReadOnly ", "readonly")])
def test_mode_comes_from_demand_mode(monkeypatch, value, expected):
    monkeypatch.setenv("DEMAND_MODE", value)
    assert session.mode() == expected


def test_mode_defaults_to_lab_in_a_plain_kernel():
    assert session.mode() == "lab"


def test_under_voila_without_a_mode_it_is_readonly(monkeypatch):
    # Every Voila kernel sees VOILA_BASE_URL, with or without preheat (FACTS.md).
    monkeypatch.setenv("VOILA_BASE_URL", "/")
    assert session.mode() == "readonly"
    monkeypatch.setenv("DEMAND_MODE", "capture")  # make capture sets this explicitly
    assert session.mode() == "capture"


def test_a_wrong_mode_is_refused_with_the_valid_choices(monkeypatch):
    monkeypatch.setenv("DEMAND_MODE", "admin")
    with pytest.raises(ValueError, match="lab, readonly, capture"):
        session.mode()


def test_studies_dir_is_the_tests_temp_folder_never_the_repo():
    folder = helpers.studies_dir()
    assert ROOT not in folder.resolve().parents
    assert folder == Path(os.environ["DEMAND_STUDIES_DIR"])


def test_studies_dir_defaults_to_studies_at_the_root_and_is_git_ignored(monkeypatch):
    monkeypatch.delenv("DEMAND_STUDIES_DIR")
    assert session.studies_dir() == ROOT / "studies"
    ignored = subprocess.run(["git", "check-ignore", "-q", "studies/team.study"], cwd=ROOT)
    assert ignored.returncode == 0, "studies/ must be ignored by git: a team's data may be personal"


def test_studies_dir_is_created_on_first_write_but_never_in_readonly(monkeypatch, tmp_path):
    target = tmp_path / "new" / "studies"
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(target))
    assert not target.exists()
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    with pytest.raises(PermissionError, match="read-only"):
        session.studies_dir(create=True)
    assert not target.exists()
    monkeypatch.setenv("DEMAND_MODE", "lab")
    assert session.studies_dir(create=True).is_dir()


def test_capture_study_comes_only_from_the_environment(monkeypatch, tmp_path):
    with pytest.raises(RuntimeError, match="make capture STUDY="):
        session.capture_study_path()
    monkeypatch.setenv("DEMAND_STUDY", str(tmp_path / "a.study"))
    assert session.capture_study_path() == (tmp_path / "a.study").resolve()


def test_dataset_paths_work_from_any_folder(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    assert datasets.path("README.md") == ROOT / "datasets" / "README.md"
    with pytest.raises(FileNotFoundError, match="It has: .*README.md"):
        datasets.path("missing.csv")


def test_import_helpers_is_light():
    code = "import sys, helpers; heavy = [m for m in ('pandas', 'matplotlib', 'seaborn', 'ipywidgets', 'numpy') if m in sys.modules]; print(heavy)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]", f"import helpers pulled in heavy modules: {out}"


def test_public_names_of_the_design_are_exported():
    for name in ["load_demands", "Study", "merge_studies", "saturation", "check_study", "xmr",
                 "case_summary", "agreement", "find_personal_data", "redact", "studies_dir", "DemandDataError"]:
        assert name in helpers.__all__
    with pytest.raises(AttributeError):
        helpers.no_such_thing


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    import tomllib

    import yaml

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())["dependencies"]
    conda = {d.replace(" ", "") for d in env if isinstance(d, str) and not d.startswith(("python", "pip"))}
    assert conda == {d.replace(" ", "") for d in project}


def test_voila_commands_are_standalone_locked_and_cull_kernels(tmp_path):
    cmd = serve.voila_command("workbooks", port=1234)
    assert cmd[1:3] == ["-m", "voila"]  # the standalone server, never JupyterLab's /voila route
    for flag in ["--VoilaConfiguration.allow_template_override=NO", "--VoilaConfiguration.show_tracebacks=False",
                 "--MappingKernelManager.cull_idle_timeout=1800", "--Voila.ip=127.0.0.1"]:
        assert flag in cmd
    env = serve.voila_env("capture", tmp_path / "x.study")
    assert env["DEMAND_MODE"] == "capture" and env["DEMAND_STUDY"] == str((tmp_path / "x.study").resolve())
    assert "DEMAND_STUDY" not in serve.voila_env("readonly", base={"DEMAND_STUDY": "/elsewhere"})


def test_lab_command_is_quiet_and_offline():
    cmd = serve.lab_command(port=1, browser=False)
    for flag in ["--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
                 "--LabApp.extension_manager=readonly", "--ServerApp.ip=127.0.0.1"]:
        assert flag in cmd
    if os.geteuid() == 0:
        assert "--allow-root" in cmd


def test_tasks_script_explains_itself_and_refuses_unknown_commands():
    out = subprocess.run([sys.executable, "tasks.py", "help"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0 and "python tasks.py workshop" in out.stdout
    out = subprocess.run([sys.executable, "tasks.py", "dance"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "Unknown command" in out.stdout
    out = subprocess.run([sys.executable, "tasks.py", "capture"], cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 2 and "make capture STUDY=" in out.stdout


def test_readme_opens_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```")[1]
    assert [line.strip() for line in first_block.strip().splitlines()[-2:]] == ["make workshop", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_bench_quick_mode_runs_and_prints_a_table_of_ratios():
    out = subprocess.run([sys.executable, "-m", "tests.bench", "--quick", "-k", "import helpers"],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert "ratio" in out.stdout and "import helpers" in out.stdout and "x  " in out.stdout


def test_functions_named_like_their_modules_stay_functions():
    code = ("import helpers.teaching.console, helpers.analysis.saturation, helpers.analysis.agreement\n"
            "import helpers\n"
            "print(callable(helpers.saturation), callable(helpers.agreement), helpers.saturation.__name__)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "saturation"]


def test_the_workbook_runs_from_its_folder_installed_editable():
    # README: the package is installed editable, so helpers finds the notebooks, the sample
    # data and studies/ beside src/. Both install routes say -e, and this checkout is what runs.
    import helpers
    from helpers.core.session import ROOT as root

    assert Path(helpers.__file__).resolve().is_relative_to(ROOT / "src")
    assert root == ROOT and (root / "workbooks" / "01_start_here.ipynb").exists()
    assert '"install", "--quiet", "-e", target' in (ROOT / "tasks.py").read_text()
    assert "- -e ." in (ROOT / "environment.yml").read_text()
    assert "editable" in (ROOT / "README.md").read_text()
