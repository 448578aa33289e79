"""The Debian package scripts/package built: what it holds, and that what it installs
works — the binary runs, the man page renders, the completions load, lintian finds no
error. COGSH_DEB names the package (scripts/test passes the one it just built)."""
import glob
import os
import shutil
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def deb_path():
    path = os.environ.get("COGSH_DEB") or max(glob.glob(os.path.join(ROOT, "dist", "cogsh_*.deb")),
                                               key=os.path.getmtime, default=None)
    if not path or not os.path.exists(path):
        pytest.skip("no package: run scripts/package (or set COGSH_DEB)")
    return path


def run(*args, **kw):
    return subprocess.run(args, capture_output=True, text=True, check=False, **kw)


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    root = tmp_path_factory.mktemp("deb")
    r = run("dpkg-deb", "-x", deb_path(), str(root))
    assert r.returncode == 0, r.stderr
    return str(root)


def test_contents():
    listing = run("dpkg-deb", "-c", deb_path())
    assert listing.returncode == 0, listing.stderr
    paths = {line.split()[-1].lstrip(".") for line in listing.stdout.splitlines()}
    for want in ["/usr/bin/cogsh", "/usr/share/man/man1/cogsh.1.gz",
                 "/usr/share/bash-completion/completions/cogsh",
                 "/usr/share/zsh/vendor-completions/_cogsh",
                 "/usr/share/fish/vendor_completions.d/cogsh.fish",
                 "/usr/share/cogsh/types/cognito.lua", "/usr/share/cogsh/types/cogsh.lua",
                 "/usr/share/doc/cogsh/copyright", "/usr/share/doc/cogsh/changelog.gz",
                 "/usr/share/doc/cogsh/README.md", "/usr/share/doc/cogsh/LUA_API.md",
                 "/usr/share/doc/cogsh/examples/bulk-parallel.lua"]:
        assert want in paths, f"{want} missing from the package"
    # Everything is root's, whoever built it.
    assert all(" root/root " in line for line in listing.stdout.splitlines())


def test_depends_are_the_shared_libraries_it_links(extracted):
    depends = run("dpkg-deb", "-f", deb_path(), "Depends").stdout
    needed = run("readelf", "-d", os.path.join(extracted, "usr/bin/cogsh")).stdout
    # The Swift runtime is linked in; Lua, libedit and libxml2 come from Debian.
    assert "libswiftCore" not in needed and "libFoundation" not in needed
    for library, package in [("liblua5.4.so.0", "liblua5.4-0"), ("libedit.so.2", "libedit2"),
                             ("libxml2.so.2", "libxml2"), ("libsqlite3.so.0", "libsqlite3-0"), ("libc.so.6", "libc6")]:
        assert library in needed, needed
        assert package in depends, depends


def test_binary_runs(extracted):
    cogsh = os.path.join(extracted, "usr/bin/cogsh")
    r = run(cogsh, "-v")
    assert r.returncode == 0 and r.stdout.startswith("cogsh ") and "Lua 5.4" in r.stdout, r
    version = run("dpkg-deb", "-f", deb_path(), "Version").stdout.strip()
    assert r.stdout.split()[1] == version
    # The stripped binary still knows the model and checks parameters.
    r = run(cogsh, "-e", "print(#cognito.errors.AdminUpdateUserAttributes)")
    assert r.returncode == 0 and int(r.stdout) > 3, r
    r = run(cogsh, "-e", "cognito.admin_get_user{ UserPoolId = 'us-east-1_x' }")
    assert r.returncode == 252 and "Username" in r.stderr, r


def test_the_binary_needs_nothing_beside_it(extracted, tmp_path):
    """One file: its Lua code is compiled in and GRDB (SQLite) needs no resource folder.
    Run from another directory, it reads a snapshot and runs a built-in job."""
    cogsh = os.path.join(extracted, "usr/bin/cogsh")
    lone = tmp_path / "elsewhere"
    lone.mkdir()
    shutil.copy(cogsh, lone / "cogsh")
    snapshot = tmp_path / "pool.sqlite"
    r = run("sqlite3", str(snapshot), "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
            "INSERT INTO meta VALUES ('format', 'cogsh-snapshot 1'), ('pool_id', 'us-east-1_Pkg'), ('complete', '1');"
            "CREATE TABLE users(username TEXT PRIMARY KEY, sub, status, enabled, created, modified, mfa);"
            "INSERT INTO users VALUES ('alice', 's1', 'CONFIRMED', 1, 1.7e9, 1.7e9, '{}');")
    assert r.returncode == 0, r.stderr
    # bytes, not text: text mode would turn the CSV's CRLF line ends into LF
    r = subprocess.run([str(lone / "cogsh"), "-m", "query", str(snapshot), "SELECT username, status FROM users"],
                       capture_output=True, check=False, cwd=str(tmp_path))
    assert r.returncode == 0 and r.stdout == b"username,status\r\nalice,CONFIRMED\r\n", r
    r = run(str(lone / "cogsh"), "-m", "whoami", "--source", cwd="/")
    assert r.returncode == 0 and r.stdout.startswith("-- cogsh -m whoami"), r


def test_man_page_renders_the_options(extracted):
    page = os.path.join(extracted, "usr/share/man/man1/cogsh.1.gz")
    r = run("man", "-l", "-P", "cat", page, env={**os.environ, "MANWIDTH": "100", "LC_ALL": "C.UTF-8"})
    assert r.returncode == 0, r.stderr
    text = r.stdout
    for option in ["--profile", "--region", "--dry-run", "--log-format", "--emit-types", "--rate-share", "-m"]:
        assert option in text, f"{option} not in the man page"
    # cogsh has no subcommands (ArgumentParser's implicit `help` is taken out).
    assert "subcommand" not in text
    help_text = run(os.path.join(extracted, "usr/bin/cogsh"), "--help").stdout
    # One set of definitions: every option --help shows is in the page.
    for word in help_text.split():
        if word.startswith("--") and word.rstrip(",").isascii():
            assert word.rstrip(",").split("=")[0].split("<")[0] in text, word


def test_completions_load(extracted):
    bash = os.path.join(extracted, "usr/share/bash-completion/completions/cogsh")
    r = run("bash", "-c", f"source {bash} && complete -p cogsh")
    assert r.returncode == 0, r.stderr
    assert "cogsh" in r.stdout
    with open(bash, encoding="utf-8") as f:
        assert "--emit-types" in f.read()
    # --profile offers the profiles of the shared files, as the AWS CLI's completer does.
    home = os.path.join(extracted, "home")
    os.makedirs(os.path.join(home, ".aws"), exist_ok=True)
    with open(os.path.join(home, ".aws", "config"), "w", encoding="utf-8") as f:
        f.write("[default]\nregion = eu-west-1\n[profile prod]\n[sso-session corp]\n")
    with open(os.path.join(home, ".aws", "credentials"), "w", encoding="utf-8") as f:
        f.write("[ci]\n")
    words = 'COMP_WORDS=(cogsh --profile ""); COMP_CWORD=2; COMP_LINE="cogsh --profile "; COMP_POINT=${#COMP_LINE}'
    r = run("bash", "-c", f'source {bash}; {words}; _cogsh cogsh "" --profile; printf "%s\\n" "${{COMPREPLY[@]}}"',
            env={"HOME": home, "PATH": os.environ["PATH"]})
    assert r.stdout.split() == ["ci", "default", "prod"], r
    for shell, path in [("zsh", "usr/share/zsh/vendor-completions/_cogsh"),
                        ("fish", "usr/share/fish/vendor_completions.d/cogsh.fish")]:
        with open(os.path.join(extracted, path), encoding="utf-8") as f:
            assert "emit-types" in f.read(), path
        if shutil.which(shell):
            assert run(shell, "-n" if shell == "zsh" else "--no-execute", os.path.join(extracted, path)).returncode == 0


def test_lintian_reports_no_errors():
    if not shutil.which("lintian"):
        pytest.skip("lintian is not installed (scripts/package installs it)")
    r = run("lintian", "--tag-display-limit", "0", deb_path())
    errors = [line for line in r.stdout.splitlines() if line.startswith("E: ")]
    assert errors == [], r.stdout
