from conftest import BASE, POSTMORTEM, PRIVACY, Repo


def test_valid_records_pass(repo: Repo) -> None:
    repo.record()
    repo.record(PRIVACY, "incidents/2026/PIR-2026-0002/incident.yaml")
    repo.write("incidents/2026/PIR-2026-0002/postmortem.md", POSTMORTEM)
    assert repo.check() == (0, [])
    assert BASE
