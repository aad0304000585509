"""The publishing pipeline cannot drift from the documented commands."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

from generator.loader import load_file

REPO = Path(__file__).resolve().parent.parent
# Read as YAML 1.2, as GitHub does: in YAML 1.1 the key `on` would become the boolean True.
WORKFLOW = load_file(REPO / ".github" / "workflows" / "site.yml").data
PIPELINE = ["setup-python", "make check", "make test", "make site", "make linkcheck", "upload-artifact"]


def step_kind(step: dict[str, object]) -> str:
    if "uses" in step:
        return str(step["uses"]).split("/")[1].split("@")[0]
    return str(step["run"]).strip()


def test_every_push_and_pull_request_runs_the_pipeline_in_order() -> None:
    assert set(WORKFLOW["on"]) == {"push", "pull_request"}
    kinds = [step_kind(step) for step in WORKFLOW["jobs"]["build"]["steps"]]
    positions = [kinds.index(kind) for kind in PIPELINE]
    assert positions == sorted(positions), kinds
    setup = WORKFLOW["jobs"]["build"]["steps"][kinds.index("setup-python")]
    assert setup["with"]["cache"] == "pip"
    preview = WORKFLOW["jobs"]["build"]["steps"][kinds.index("upload-artifact")]
    assert preview["with"]["path"] == "site/" and preview["with"]["name"].startswith("site-preview-")


def test_the_workflow_runs_the_make_targets_that_readme_documents() -> None:
    readme = (REPO / "README.md").read_text("utf-8")
    documented = set(re.findall(r"`?make ([a-z]+)`?", readme))
    runs = "\n".join(str(step.get("run", "")) for step in WORKFLOW["jobs"]["build"]["steps"])
    used = set(re.findall(r"^\s*make ([a-z]+)", runs, re.MULTILINE))
    assert used == {"check", "test", "site", "linkcheck"}
    assert {"site", "test"} <= documented
    assert used <= documented, used - documented
    makefile = (REPO / "Makefile").read_text("utf-8")
    assert all(re.search(rf"^{target}:", makefile, re.MULTILINE) for target in used)
    assert "make test" in (REPO / ".ci" / "run").read_text("utf-8")


def test_only_main_is_deployed_with_the_official_pages_actions_and_never_an_older_run() -> None:
    deploy = WORKFLOW["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "refs/heads/main" in deploy["if"] and "push" in deploy["if"]
    assert [step["uses"].split("@")[0] for step in deploy["steps"]] == ["actions/deploy-pages"]
    upload = [
        s
        for s in WORKFLOW["jobs"]["build"]["steps"]
        if str(s.get("uses", "")).startswith("actions/upload-pages-artifact")
    ]
    assert len(upload) == 1 and "refs/heads/main" in upload[0]["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert WORKFLOW["concurrency"]["cancel-in-progress"] is True
    assert "github.ref" in WORKFLOW["concurrency"]["group"]


def test_pre_commit_hooks_are_local_and_pass_on_the_data_and_fail_on_bad_data(tmp_path: Path) -> None:
    config = load_file(REPO / ".pre-commit-config.yaml").data
    assert [repo["repo"] for repo in config["repos"]] == ["local"]
    hooks = config["repos"][0]["hooks"]
    assert {hook["id"] for hook in hooks} == {"data-schema", "data-check"}
    for hook in hooks:
        command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
        assert subprocess.run(command, cwd=REPO, capture_output=True).returncode == 0, hook["id"]
    for folder in ("data", "schema"):  # data/ with its archived article, which the check compares with
        shutil.copytree(REPO / folder, tmp_path / folder)
    data = tmp_path / "data" / "initiatives.yaml"
    data.write_text(data.read_text("utf-8").replace("    number: 1\n", '    number: "1"\n', 1), "utf-8")
    for hook in hooks:
        command = hook["entry"].replace(".venv/bin/python", sys.executable).split()
        result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
        assert result.returncode == 1 and re.search(
            r"data/initiatives\.yaml:\d+:13: .*initiatives\[0\]\.number", result.stderr
        )
