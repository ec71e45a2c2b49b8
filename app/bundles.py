"""A client's `git bundle`: checked against the named tree, fetched into a per-job scratch repository.

The scratch repository borrows the named tree's objects (objects/info/alternates,
`git clone --shared`): nothing is fetched into the named tree and nothing of it is
copied but its refs.  Jobs on the same tree therefore never share a repository.
"""
from __future__ import annotations

import re
from pathlib import Path

from patches.git import GitError, Repo

BUNDLE_SIGNATURES = (b"# v2 git bundle\n", b"# v3 git bundle\n")
BUNDLE_TIMEOUT = 300


class BundleError(ValueError):
    """The bundle cannot be used; the message says what to fix."""


def is_bundle(head: bytes) -> bool:
    return head.startswith(BUNDLE_SIGNATURES)


def verify_bundle(tree: Path, bundle: Path, tree_name: str = "") -> None:
    """BundleError unless BUNDLE is a git bundle whose prerequisites are all in TREE."""
    with bundle.open("rb") as f:
        if not is_bundle(f.read(32)):
            raise BundleError("the bundle is not a git bundle (make one with: git bundle create series.bundle "
                              "<base>..<branch>)")
    r = Repo(tree).run("bundle", "verify", str(bundle), check=False, timeout=BUNDLE_TIMEOUT)
    if r.returncode == 0:
        return
    missing = re.findall(r"^error:\s+([0-9a-f]{40})\b", r.stderr, re.M)
    name = f"'{tree_name}'" if tree_name else str(tree)
    if missing:
        shown = ", ".join(m[:12] for m in missing[:5]) + (" ..." if len(missing) > 5 else "")
        raise BundleError(f"the bundle needs commit(s) {shown} that the tree {name} does not have; "
                          f"make the bundle from a base the tree has (git bundle create series.bundle "
                          f"<base>..<branch>, with <base> e.g. a release tag)")
    err = " ".join(r.stderr.split())[:300]
    raise BundleError(f"the bundle cannot be read: {err or 'git bundle verify failed'}")


def bundle_heads(bundle: Path, repo: Repo) -> list[tuple[str, str]]:
    """(sha, ref) for each ref the bundle holds."""
    out = repo.out("bundle", "list-heads", str(bundle), timeout=BUNDLE_TIMEOUT)
    heads = []
    for line in out.splitlines():
        parts = line.split(maxsplit=1)
        if len(parts) == 2 and re.fullmatch(r"[0-9a-f]{40,64}", parts[0]):
            heads.append((parts[0], parts[1]))
    return heads


def scratch_repo(tree: Path, dest: Path) -> Repo:
    """A bare repository at DEST with TREE's refs, borrowing TREE's objects through alternates.

    Without a template directory (`--template=`): no sample hooks, description or info/exclude to
    copy (and to remove again after the job), and no hook from the machine's init.templateDir."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    Repo(dest.parent).run("clone", "--quiet", "--mirror", "--shared", "--template=", "--", str(tree), str(dest),
                          timeout=BUNDLE_TIMEOUT)
    alternates = dest / "objects" / "info" / "alternates"
    if not alternates.exists():
        raise GitError(f"git clone --shared of {tree} made no objects/info/alternates")
    return Repo(dest)


BUNDLE_NAMESPACES = ("refs/heads/", "refs/tags/")


def bundle_ref_name(repo: Repo, ref: str) -> str:
    """The ref the scratch repository gives a bundle's REF: refs/heads/* and refs/tags/* as they are
    (after `git check-ref-format`), HEAD as refs/heads/bundle-HEAD; BundleError for anything else
    (refs/replace/*, refs/remotes/*, names that are not valid refs or look like options)."""
    target = "refs/heads/bundle-HEAD" if ref == "HEAD" else ref
    shown = ref[:80]
    if not target.startswith(BUNDLE_NAMESPACES) or target.startswith(("refs/heads/-", "refs/tags/-")) \
            or repo.run("check-ref-format", target, check=False).returncode != 0:
        raise BundleError(f"the bundle's ref '{shown}' is not a branch or tag name respin takes "
                          f"(refs/heads/<name> or refs/tags/<name>)")
    return target


def unbundle(repo: Repo, bundle: Path) -> list[tuple[str, str]]:
    """The objects of BUNDLE stored in REPO (`git bundle unbundle`: no ref is written); its (sha, ref) heads."""
    heads = bundle_heads(bundle, repo)
    repo.run("bundle", "unbundle", str(bundle), timeout=BUNDLE_TIMEOUT)
    return heads


def fetch_bundle(repo: Repo, bundle: Path) -> list[str]:
    """The objects of BUNDLE in REPO (a scratch repository) and a new ref for each of its branches and tags.

    Only objects come from the bundle: its ref names are checked (bundle_ref_name) and written with
    `git update-ref --stdin` (never as arguments), and only where REPO has no such ref yet, so a bundle
    cannot replace the tree's own branches (refs/heads/master) or tags.  Returns the refs written."""
    heads = bundle_heads(bundle, repo)
    if not heads:
        raise BundleError("the bundle holds no refs (make it with: git bundle create series.bundle "
                          "<base>..<branch>)")
    targets = [(sha, bundle_ref_name(repo, ref)) for sha, ref in heads]
    for sha, target in targets:
        old = repo.ref(target)
        if old and old != sha:
            raise BundleError(f"the bundle's {target} would replace the tree's own {target}: name the branch "
                              f"in the bundle differently (git branch -m) and bundle it again")
    unbundle(repo, bundle)
    lines = "".join(f"create {target} {sha}\n" for sha, target in targets
                    if not repo.ref(target))
    if lines:
        repo.run("update-ref", "--stdin", input=lines, timeout=BUNDLE_TIMEOUT)
    return [t for _sha, t in targets]
