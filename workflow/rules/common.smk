# Settings read from the config, and the helpers the rules share.

OUT = config["outdir"].rstrip("/")
N = int(config["shards"])
SHARDS = [f"{k:03d}" for k in range(N)]
KETAPGX = config.get("ketapgx", "ketapgx")
CONTAINER = config.get("container") or None  # used only with --use-singularity / --sdm apptainer
BACKEND = config.get("backend", "auto")
if BACKEND not in ("auto", "cpu", "cuda"):
    raise ValueError(f"workflow config: backend is '{BACKEND}'; expected auto, cpu or cuda")
# The five files every score/merge run writes under its prefix.
SUFFIXES = ["predictions.tsv", "predictions.json", "qc.variants.tsv", "qc.samples.tsv", "report.html"]


def score_inputs(wildcards=None):
    """The optional inputs as score options (empty config values are left out)."""
    opts = [f"--vcf {config['vcf']}"]
    for key in ("expression", "covariates", "model"):
        if config.get(key):
            opts.append(f"--{key} {config[key]}")
    return " ".join(opts)


def input_files(wildcards=None):
    """Files whose change must redo the shards (the model is a directory: its manifest)."""
    files = [config["vcf"]]
    for key in ("expression", "covariates"):
        if config.get(key):
            files.append(config[key])
    if config.get("model"):
        files.append(f"{config['model']}/manifest.json")
    return files
