#!/usr/bin/env python3
"""Convert a Keras 3 model file of CNN-1, CNN-2 or the LRCN into FlareKit's safetensors layout.

    python3 Scripts/keras_to_flarekit.py --arch cnn1|cnn2|lrcn MODEL.keras OUT.safetensors

Layer names are arbitrary: layers are identified by type in the order Documentation/Architectures.md lists
them (inception branches by kernel size, concatenated 3x3, 5x5, 7x7, pool). The model may be
Sequential or functional, with the LRCN's per-frame layers in TimeDistributed or after a reshape
that folds time into the batch (FlareKit's FoldTime/UnfoldTime layers, a Lambda that
needs nothing but its closure, or custom layers imported with --custom-objects). Sizes, activation slopes and dropout rates are read from the
model and stored in the file's `flarekit.model` metadata, so `flarekit predict` rebuilds the
network from the file alone. Needs `pip install tensorflow-cpu safetensors` (Keras 3).
"""
import argparse
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent / "keras"))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--arch", required=True, choices=["cnn1", "cnn2", "lrcn"])
    parser.add_argument("--nan-fill", type=float, default=0.0, help="preprocessing: value replacing NaN")
    parser.add_argument("--clip", type=float, default=None, help="preprocessing: symmetric clip bound")
    parser.add_argument("--scale", type=float, default=1.0, help="preprocessing: factor applied last")
    parser.add_argument("--custom-objects", action="append", default=[], metavar="FILE.py",
                        help="a Python file to import before loading (custom layers, e.g. a time-folding reshape); "
                             "FlareKit's own FoldTime/UnfoldTime are always available")
    parser.add_argument("model", help="Keras 3 model file (.keras)")
    parser.add_argument("output", help="FlareKit weights (.safetensors)")
    args = parser.parse_args()

    import keras
    from flarekit_keras import ConversionError, convert, save_flarekit

    import importlib.util
    for index, path in enumerate(args.custom_objects):
        spec = importlib.util.spec_from_file_location(f"flarekit_custom_objects_{index}", path)
        if spec is None or spec.loader is None:
            sys.exit(f"keras_to_flarekit: cannot import {path}")
        spec.loader.exec_module(importlib.util.module_from_spec(spec))
    try:
        model = keras.saving.load_model(args.model, compile=False, safe_mode=False)
    except Exception as error:  # noqa: BLE001 - report any loading failure in one line
        sys.exit(f"keras_to_flarekit: cannot load {args.model}: {error}")
    preprocessing = {"nan_fill": args.nan_fill, "scale": args.scale}
    if args.clip is not None:
        preprocessing["clip"] = args.clip
    try:
        tensors, metadata = convert(model, args.arch, preprocessing)
    except ConversionError as error:
        sys.exit(f"keras_to_flarekit: {args.model}: {error}")
    save_flarekit(tensors, metadata, args.output)
    print(f"wrote {len(tensors)} tensors to {args.output}")


if __name__ == "__main__":
    main()
