"""deploy/: the compose file parses and its parts fit together (Docker itself does not run here)."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"


def services() -> dict:
    return yaml.safe_load((DEPLOY / "docker-compose.yml").read_text(encoding="utf-8"))["services"]


def test_compose_runs_milvus_two_replicas_and_a_proxy():
    s = services()
    assert {"etcd", "minio", "milvus", "app1", "app2", "proxy", "build"} <= set(s)
    apps = [name for name, svc in s.items() if "app.py" in svc.get("command", [])]
    assert apps == ["app1", "app2"]
    for name in apps:  # one index folder for every replica, the same image
        assert "index:/srv/index" in s[name]["volumes"] and s[name]["environment"]["QA_INDEX"] == "/srv/index"
        assert s[name]["depends_on"]["milvus"]["condition"] == "service_healthy"
    build = s["build"]["command"]
    assert build[:4] == ["python", "-m", "qa", "build"] and "--store" in build and "milvus" in build
    uri = build[build.index("--milvus-uri") + 1]
    assert re.fullmatch(r"http://milvus:19530", uri) and "index:/srv/index" in s["build"]["volumes"]


def test_the_proxy_sends_every_client_to_one_replica_of_the_compose_file():
    conf = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    upstream = re.search(r"upstream (\w+) \{(.*?)\}", conf, re.S)
    assert "ip_hash;" in upstream.group(2)  # a Gradio conversation lives in one process
    assert set(re.findall(r"server (\w+):7860", upstream.group(2))) == {"app1", "app2"}
    assert f"proxy_pass http://{upstream.group(1)};" in conf and "proxy_buffering off;" in conf
    mounted = services()["proxy"]["volumes"][0].split(":")[0]
    assert (DEPLOY / mounted).resolve() == DEPLOY / "nginx.conf"


def test_the_app_image_copies_what_exists():
    for line in (DEPLOY / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if line.startswith("COPY "):
            for path in line.split()[1:-1]:
                assert (ROOT / path).exists(), path
