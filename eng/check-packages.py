#!/usr/bin/env python3
"""Checks what `dotnet pack` put in artifacts/packages, as a consumer of the packages relies on it:

- one .nupkg per project under src/, each with the same SemVer 2 version;
- a README.md in the package, named by the nuspec, that says how to install it and mentions no file of this repository's
  history ("the seed");
- license, project URL, and a repository element with the commit the package was built from;
- a .snupkg beside it with a portable PDB for every assembly of ours in the package, whose SourceLink map points at that
  commit (so a debugger downloads the sources it was built from);
- every Cortex package it references declared as a dependency at the same version.

Usage: check-packages.py <packages folder> <src folder>. Prints one line per package; exits 1 naming every problem.
"""
import glob
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile

packages_dir, src_dir = sys.argv[1], sys.argv[2]
problems = []
commit = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()
projects = sorted(os.path.basename(os.path.dirname(p)) for p in glob.glob(os.path.join(src_dir, "*", "*.csproj")))
semver = re.compile(r"^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$")


def nuspec_of(archive):
    name = next(n for n in archive.namelist() if n.endswith(".nuspec") and "/" not in n)
    root = ET.fromstring(archive.read(name))
    ns = {"n": root.tag[1:].split("}")[0]} if root.tag.startswith("{") else {"n": ""}
    return root.find("n:metadata", ns), ns


versions = {}
for project in projects:
    found = [p for p in glob.glob(os.path.join(packages_dir, project + ".*.nupkg"))
             if re.fullmatch(re.escape(project) + r"\.\d[^/]*\.nupkg", os.path.basename(p))]
    if len(found) != 1:
        problems.append(f"{project}: expected one .nupkg, found {len(found)}")
        continue
    nupkg = found[0]
    with zipfile.ZipFile(nupkg) as archive:
        metadata, ns = nuspec_of(archive)
        text = lambda tag: (metadata.findtext(f"n:{tag}", default="", namespaces=ns) or "").strip()
        version = text("version")
        versions[project] = version
        if not semver.match(version):
            problems.append(f"{project}: version '{version}' is not SemVer 2")
        readme = text("readme")
        if readme != "README.md" or "README.md" not in archive.namelist():
            problems.append(f"{project}: no README.md in the package (nuspec readme: '{readme}')")
        else:
            body = archive.read("README.md").decode("utf-8")
            if len(body) < 200:
                problems.append(f"{project}: README.md has {len(body)} characters")
            if re.search(r"\bseed\b", body, re.IGNORECASE):
                problems.append(f"{project}: README.md talks about 'the seed'; public docs say what the package does")
        if not text("license") or not text("projectUrl"):
            problems.append(f"{project}: license or projectUrl missing")
        repository = metadata.find("n:repository", ns)
        if repository is None or repository.get("commit") != commit:
            problems.append(f"{project}: repository commit is {None if repository is None else repository.get('commit')}, built from {commit}")
        ours = [n for n in archive.namelist() if n.endswith(".dll") and os.path.basename(n).startswith("Cortex.")]
        dependencies = {d.get("id"): d.get("version") for d in metadata.iter() if d.tag.endswith("dependency")}
    snupkg = nupkg[: -len(".nupkg")] + ".snupkg"
    if not os.path.exists(snupkg):
        problems.append(f"{project}: no symbols package {os.path.basename(snupkg)}")
    else:
        with zipfile.ZipFile(snupkg) as symbols:
            for dll in ours:
                pdb = dll[:-4] + ".pdb"
                if pdb not in symbols.namelist():
                    problems.append(f"{project}: {pdb} missing from the .snupkg")
                    continue
                data = symbols.read(pdb)
                if not data.startswith(b"BSJB"):
                    problems.append(f"{project}: {pdb} is not a portable PDB")
                link = re.search(rb'\{"documents":\{[^}]*\}\}', data)
                if link is None or f"/{commit}/".encode() not in link.group(0):
                    problems.append(f"{project}: {pdb} has no SourceLink map to commit {commit}")
    csproj = os.path.join(src_dir, project, project + ".csproj")
    for reference in re.findall(r'ProjectReference Include="[^"]*?([A-Za-z.]+)\.csproj"', open(csproj, encoding="utf-8").read()):
        if reference in projects and not any(os.path.basename(d) == reference + ".dll" for d in ours) and dependencies.get(reference) != version:
            problems.append(f"{project}: references {reference} but declares {dependencies.get(reference)} for it, not {version}")
    print(f"   {os.path.basename(nupkg)}: README, symbols ({len(ours)} PDB), SourceLink at {commit[:12]}, {len(dependencies)} dependencies")

if len(set(versions.values())) > 1:
    problems.append(f"the packages have different versions: {sorted(set(versions.values()))}")
for problem in problems:
    print("check-packages: " + problem, file=sys.stderr)
sys.exit(1 if problems else 0)
