#!/usr/bin/env python3
"""make_man_and_completion.py KETAPGX OUTDIR

Writes OUTDIR/man/man1/ketapgx.1 (a man page) and
OUTDIR/bash-completion/completions/ketapgx (bash completion) from the help
text the ketapgx binary prints ('ketapgx --help', 'ketapgx CMD --help'), so
the page, the completion and --help cannot disagree. Run at build time
(pipeline/CMakeLists.txt, target ketapgx_docs) and installed with ketapgx.
"""
import os
import re
import subprocess
import sys

OPTION_LINE = re.compile(r"^  (?:-(\w) \[ )?--([\w-]+)(?: \])?(?: (arg))?\s*(.*)$")

# Options whose values are a fixed set (completed after the option).
CHOICES = {
    "route": "iv_racemic esketamine_nasal",
    "backend": "auto cpu cuda",
    "build": "auto GRCh37 GRCh38",
    "expression-standardize": "bundle cohort",
    "expression-layout": "auto genes-by-samples samples-by-genes",
    "expression-units": "auto counts tpm",
    "calibration": "platt temperature",
    "responder-class-weight": "yes no",
}


def run(binary, *args):
    return subprocess.run([binary, *args], check=True, capture_output=True, text=True).stdout


def parse_command_help(text):
    """Summary, option groups [(caption, [(short, long, takes_arg, description)])], outputs, examples."""
    lines = text.split("\n")
    i = 0
    while i < len(lines) and not lines[i].startswith("Usage:"):
        i += 1
    i += 2
    summary = []
    while i < len(lines) and lines[i].strip():
        summary.append(lines[i])
        i += 1
    groups, outputs, examples = [], [], []
    section = None
    current = None
    for line in lines[i:]:
        if line.startswith("Exit codes"):
            break
        if line.startswith("Outputs:"):
            section = "outputs"
            continue
        if line.startswith("Examples"):
            section = "examples"
            continue
        if section == "outputs":
            if line.startswith("    ") and outputs:
                outputs[-1] = (outputs[-1][0], outputs[-1][1] + " " + line.strip())
            elif line.strip():
                parts = re.split(r"\s{2,}", line.strip(), maxsplit=1)
                outputs.append((parts[0], parts[1] if len(parts) > 1 else ""))
            continue
        if section == "examples":
            if line.strip():
                examples.append(line.strip())
            continue
        if line and not line.startswith(" ") and line.endswith(":"):
            groups.append((line[:-1], []))
            current = None
            continue
        m = OPTION_LINE.match(line)
        if m:
            if not groups:
                groups.append(("Options", []))
            current = [m.group(1), m.group(2), m.group(3) is not None, m.group(4).strip()]
            groups[-1][1].append(current)
        elif current is not None and line.strip():
            current[3] = (current[3] + " " + line.strip()).strip()
    return " ".join(s.strip() for s in summary), groups, outputs, examples


def roff(text):
    text = text.replace("\\", "\\e")
    text = text.replace("-", "\\-")
    return ("\\&" + text) if text.startswith((".", "'")) else text


def main():
    binary, outdir = sys.argv[1], sys.argv[2]
    version = run(binary, "--version").split("\n")[0].split("\t")[1]
    top = run(binary, "--help")
    commands = []
    in_commands = False
    for line in top.split("\n"):
        if line.startswith("Commands:"):
            in_commands = True
            continue
        if in_commands:
            if not line.strip():
                break
            name, summary = line.strip().split(None, 1)
            commands.append((name, summary))
    parsed = {name: parse_command_help(run(binary, name, "--help")) for name, _ in commands}
    exit_codes = top[top.index("Exit codes"):].strip()

    man = [
        '.TH KETAPGX 1 "" "ketapgx %s" "User Commands"' % version,
        ".SH NAME",
        "ketapgx \\- pharmacogenomic response prediction for ketamine and esketamine (research use only)",
        ".SH SYNOPSIS",
        ".B ketapgx",
        "\\fICOMMAND\\fR [\\fIoptions\\fR]",
        ".br",
        ".B ketapgx help",
        "\\fICOMMAND\\fR",
        ".SH DESCRIPTION",
        roff("ketapgx reads genotypes (VCF, VCF.gz, BCF), expression and covariates, computes features on the CPU or a "
             "GPU, predicts response and the drug-metabolism class with a LibTorch model, calls CYP2B6, CYP3A5 and "
             "CYP3A4 star alleles and suggests a research starting dose with the rules that fired."),
        ".PP",
        ".B For research use only.",
        roff("ketapgx is not a clinical decision tool: its predictions, metabolizer calls and dose suggestions must not "
             "be used to diagnose, treat or dose any patient."),
        ".SH COMMANDS",
    ]
    for name, summary in commands:
        man += [".TP", "\\fB%s\\fR" % name, roff(summary)]
    for name, _ in commands:
        summary, groups, outputs, examples = parsed[name]
        man += [".SH KETAPGX %s" % name.upper(), roff(summary)]
        for caption, options in groups:
            man += [".SS %s" % roff(caption)]
            for short, long, takes_arg, desc in options:
                head = ("\\fB\\-%s\\fR, " % short if short else "") + "\\fB\\-\\-%s\\fR" % long + (" \\fIarg\\fR" if takes_arg else "")
                man += [".TP", head, roff(desc)]
        if outputs:
            man += [".SS Outputs"]
            for path, desc in outputs:
                man += [".TP", "\\fI%s\\fR" % roff(path), roff(desc)]
        if examples:
            man += [".SS Examples", ".nf"] + [roff(e) for e in examples] + [".fi"]
    man += [".SH EXIT STATUS", roff(" ".join(exit_codes.split())),
            ".SH SEE ALSO", roff("README.md and docs/ in the source tree; 'ketapgx --version' for the versions of its data and components.")]
    man_path = os.path.join(outdir, "man", "man1", "ketapgx.1")
    os.makedirs(os.path.dirname(man_path), exist_ok=True)
    with open(man_path, "w") as f:
        f.write("\n".join(man) + "\n")

    names = " ".join(n for n, _ in commands)
    cases = []
    for name, _ in commands:
        opts = sorted({"--" + o[1] for _, options in parsed[name][1] for o in options} |
                      {"-" + o[0] for _, options in parsed[name][1] for o in options if o[0]})
        cases.append('    %s) opts="%s" ;;' % (name, " ".join(opts)))
    choices = "\n".join('    --%s) COMPREPLY=($(compgen -W "%s" -- "$cur")); return ;;' % (k, v) for k, v in CHOICES.items())
    completion = """# bash completion for ketapgx %s (generated from its --help by scripts/make_man_and_completion.py)
_ketapgx() {
  local cur="${COMP_WORDS[COMP_CWORD]}" prev="${COMP_WORDS[COMP_CWORD-1]}"
  local commands="%s"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "$commands help --help --version" -- "$cur"))
    return
  fi
  local cmd="${COMP_WORDS[1]}" opts=""
  if [ "$cmd" = help ]; then
    COMPREPLY=($(compgen -W "$commands" -- "$cur"))
    return
  fi
  case "$prev" in
%s
  esac
  case "$cmd" in
%s
  esac
  if [[ "$cur" == -* ]]; then
    COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  else
    COMPREPLY=($(compgen -f -- "$cur"))
  fi
}
complete -o filenames -o bashdefault -F _ketapgx ketapgx
""" % (version, names, choices, "\n".join(cases))
    comp_path = os.path.join(outdir, "bash-completion", "completions", "ketapgx")
    os.makedirs(os.path.dirname(comp_path), exist_ok=True)
    with open(comp_path, "w") as f:
        f.write(completion)


if __name__ == "__main__":
    main()
