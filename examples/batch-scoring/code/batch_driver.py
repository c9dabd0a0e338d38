"""Batch scoring script (Azure ML contract): init() once per worker, then
run(mini_batch) with a list of input file paths; every returned element is
one line of the output file (predictions.csv)."""
import csv
import json
import math
import os

model = None


def find_model(root):
    """model.json at AZUREML_MODEL_DIR, or below it: a model registered from a
    folder is mounted as <AZUREML_MODEL_DIR>/<folder name>/ on Azure."""
    if os.path.isfile(root):
        return root
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        if "model.json" in files:
            return os.path.join(folder, "model.json")
    raise FileNotFoundError(f"no model.json under {root}")


def init():
    """Load the model the deployment references (AZUREML_MODEL_DIR)."""
    global model
    root = os.environ["AZUREML_MODEL_DIR"]
    path = find_model(root)
    with open(path, encoding="utf-8") as f:
        model = json.load(f)
    # Lands in the job's user logs (user_logs/std_log.txt).
    print(f"init: model with features {', '.join(model['features'])} from {os.path.relpath(path, root)}",
          flush=True)


def predict(row):
    z = model["bias"]
    for name, mean, scale, weight in zip(model["features"], model["mean"], model["scale"], model["weights"]):
        z += weight * (float(row[name]) - mean) / scale
    p = 1.0 / (1.0 + math.exp(-z))
    return p, int(p >= model["threshold"])


def run(mini_batch):
    """Score every row of every file; one output line per row."""
    lines = []
    for path in mini_batch:
        with open(path, newline="", encoding="utf-8") as f:
            for i, row in enumerate(csv.DictReader(f)):
                p, label = predict(row)
                lines.append(f"{os.path.basename(path)},{i},{p:.4f},{label}")
    return lines
