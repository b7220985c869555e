#!/usr/bin/env python3
"""Export a FlareKit weight file (CNN-1, CNN-2 or the LRCN) as a Keras 3 model.

    python3 Scripts/flarekit_to_keras.py WEIGHTS.safetensors OUT.keras [--check INPUT.npy]

The network is rebuilt from the file's own description (`flarekit.model` metadata), every
weight is put in Keras's layout (Documentation/KerasInterop.md), and the result is checked by
converting it back (Scripts/keras_to_flarekit.py's code): the tensors must come back exactly.
The Keras model takes the network input that `flarekit predict --input` takes, channels last:
[N, H, W, 1] for the CNNs, [N, T, H, W, 1] for the LRCN. The input preprocessing (NaN fill,
clip, scale; how magnetograms were resized) is printed and written beside the model as
OUT.keras.flarekit.json. An LRCN model folds time into the batch with the FoldTime/UnfoldTime
layers of Scripts/keras/flarekit_keras.py: import that module (or pass its classes as
custom_objects) before `keras.saving.load_model`.

--check INPUT.npy  runs the Keras model on a FlareKit-layout input (NCHW or NTCHW float32) and
                   prints the probabilities, to compare with `flarekit predict`.

Needs `pip install tensorflow-cpu safetensors` (Keras 3).
"""
import argparse
import json
import os
import pathlib
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "keras"))


def save_atomically(model, path):
    """model.save to a temporary .keras file beside `path`, then rename."""
    path = pathlib.Path(path)
    temporary = path.with_name(f".{path.stem}.tmp-{os.getpid()}.keras")
    try:
        model.save(str(temporary))
        os.replace(temporary, path)
    finally:
        if temporary.exists():
            temporary.unlink()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("weights", help="FlareKit weights (.safetensors, with flarekit.model metadata)")
    parser.add_argument("output", help="Keras 3 model file to write (.keras)")
    parser.add_argument("--check", metavar="INPUT.npy", help="run the exported model on this FlareKit-layout input")
    args = parser.parse_args()

    weights, output = pathlib.Path(args.weights), pathlib.Path(args.output)
    if output.suffix != ".keras":
        sys.exit(f"flarekit_to_keras: {output}: Keras 3 model files end in .keras")
    if output.exists() and weights.exists() and os.path.samefile(output, weights):
        sys.exit(f"flarekit_to_keras: {output} is the input weight file; choose another output")
    if not output.parent.is_dir():
        sys.exit(f"flarekit_to_keras: {output.parent}: no such directory")

    import numpy as np
    from flarekit_export import ExportError, check_round_trip, export, read_flarekit

    try:
        tensors, description = read_flarekit(weights)
        model = export(tensors, description)
        difference = check_round_trip(model, tensors, description["architecture"]["architecture"])
    except ExportError as error:
        sys.exit(f"flarekit_to_keras: {weights}: {error}")
    if difference != 0:
        sys.exit(f"flarekit_to_keras: {weights}: the exported weights do not convert back exactly (max {difference:.3g})")
    save_atomically(model, output)
    sidecar = output.with_name(output.name + ".flarekit.json")
    temporary = sidecar.with_name(f".{sidecar.name}.tmp-{os.getpid()}")
    temporary.write_text(json.dumps(description, indent=2, sort_keys=True) + "\n")
    os.replace(temporary, sidecar)
    architecture = description["architecture"]
    print(f"wrote {output} ({architecture['architecture']}, {model.count_params():,} parameters) and {sidecar}")
    print(f"input preprocessing (apply before the model): {json.dumps(description.get('preprocessing', {}), sort_keys=True)}")

    if args.check:
        x = np.load(args.check).astype(np.float32)
        layout = (0, 2, 3, 1) if x.ndim == 4 else (0, 1, 3, 4, 2)
        if x.ndim not in (4, 5):
            sys.exit(f"flarekit_to_keras: {args.check}: expected a 4-D (NCHW) or 5-D (NTCHW) array, got {x.ndim}-D")
        probabilities = model(np.transpose(x, layout), training=False).numpy().reshape(-1)
        for index, p in enumerate(probabilities):
            print(f"{index}\t{p:.7f}")


if __name__ == "__main__":
    main()
