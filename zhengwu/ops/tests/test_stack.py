"""The nginx configuration the stack renders is valid nginx (checked by Debian's nginx itself)."""
import subprocess

import pytest

from zhengwu.ops import stack


def test_foreground_config_passes_nginx_t(tmp_path):
    binary = stack.nginx_binary()
    if binary is None:
        pytest.skip("nginx not installed (make nginx)")
    for sub in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp_path / "tmp" / sub).mkdir(parents=True)
    conf = tmp_path / "nginx.conf"
    conf.write_text(stack.foreground_config(run_dir=tmp_path, listen="127.0.0.1:1", upstream="127.0.0.1:2",
                                            static_root=tmp_path / "static", media_root=tmp_path / "media"))
    result = subprocess.run([binary, "-t", "-p", str(tmp_path), "-c", str(conf), "-e", str(tmp_path / "error.log")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    text = conf.read_text()
    assert "internal;" in text and f"alias {(tmp_path / 'media').resolve()}/;" in text
    assert 'max-age=31536000, immutable' in text and "client_max_body_size 30m;" in text


def test_site_config_for_a_server(tmp_path):
    text = stack.site_config(server_name="gov.example.cn", upstream="127.0.0.1:8001", tls_cert="/c.pem",
                             tls_key="/k.pem", static_root="/var/lib/zhengwu/static", media_root="/var/lib/zhengwu/media")
    assert "@@" not in text
    assert "server_name gov.example.cn;" in text and "ssl_certificate /c.pem;" in text
    assert "return 301 https://$host$request_uri;" in text
    assert "alias /var/lib/zhengwu/media/;" in text and "server 127.0.0.1:8001;" in text


def test_unfilled_placeholder_is_an_error():
    with pytest.raises(ValueError, match="placeholder"):
        stack.render("zhengwu-site.conf.in", SERVER_NAME="x")
