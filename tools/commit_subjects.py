"""Commit subjects stay at most 72 characters (git's advice; `git log --oneline` shows them whole).

`python -m tools.commit_subjects [message file]`. Checked from the first commit that kept to it (issue 28),
so older history is left as it was written. Outside a git checkout (the Docker build, a source archive)
there is no history to check, and this says so.
"""

import subprocess
import sys

LIMIT = 72
# The commit from which every subject is within the limit (2026-12-06). One helper's commit on a branch made
# before this check existed ran to 74 characters (7681b21), so the check starts after that merge.
FROM_COMMIT = "dfe64c2"
GIT_LOG = ["git", "log", "--format=%s", f"{FROM_COMMIT}..HEAD"]


def long_subjects() -> list[str] | None:
    try:
        done = subprocess.run(GIT_LOG, capture_output=True, text=True, check=True)  # noqa: S603, S607 - fixed
    except (OSError, subprocess.CalledProcessError):
        return None
    return [subject for subject in done.stdout.splitlines() if len(subject) > LIMIT]


def main(argv: list[str]) -> int:
    if argv:  # as git's commit-msg hook: the file holding the message being written
        with open(argv[0], encoding="utf-8") as message:
            subject = message.readline().rstrip("\n")
        too_long = [subject] if len(subject) > LIMIT else []
    else:
        too_long = long_subjects()
    if too_long is None:
        print(f"commit subjects: no git history from {FROM_COMMIT} here, not checked")
        return 0
    for subject in too_long:
        print(f"commit subject over {LIMIT} characters ({len(subject)}): {subject}")
    return 1 if too_long else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
