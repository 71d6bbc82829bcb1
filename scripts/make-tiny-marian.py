#!/usr/bin/python3
"""Builds a Marian-architecture translation model with random weights, in the file layout of
the Xenova OPUS-MT conversions, so the opus-mt engine can be tested and benchmarked offline.

    /usr/bin/python3 scripts/make-tiny-marian.py                      # test fixture (~300 KB)
    /usr/bin/python3 scripts/make-tiny-marian.py --opus-size --out /tmp/opus-size

The default output is committed under test/fixtures/tiny-marian; `--opus-size` gives
opus-mt-en-fr's exact shape (6+6 layers, d_model 512, vocab 59514) for speed measurements
and is never committed. Needs Debian's python3-torch and python3-onnx (use /usr/bin/python3).

The ONNX graphs are written by hand with onnx.helper rather than torch.onnx.export: the merged
decoder needs an `If` on `use_cache_branch` (transformers.js requires it) and torch 1.13 can
only trace one branch. torch supplies the seeded weights and a reference greedy decode that
recomputes every step without a cache; its output is saved in reference.json so the tests can
check that the cached ONNX decode through transformers.js gives the same tokens.
"""
import argparse
import json
import math
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

EMBED_NORM = 1.6  # with the two below: varied tokens, and some sentences end (EOS) early
LINEAR_GAIN = 2.0
EOS_BIAS = 0.5
NEG = -1e9  # additive mask value; finite so that sums never overflow to -inf
OPSET = 17  # LayerNormalization


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--out', default='test/fixtures/tiny-marian')
    parser.add_argument('--model-id', default='Xenova/opus-mt-en-fr')
    parser.add_argument('--opus-size', action='store_true', help="opus-mt-en-fr's shape and vocab size")
    parser.add_argument('--seed', type=int, default=20240611)
    return parser.parse_args()


def make_dims(opus_size):
    if opus_size:
        return dict(d=512, heads=8, ffn=2048, enc_layers=6, dec_layers=6, vocab=59514, max_pos=512)
    return dict(d=16, heads=2, ffn=32, enc_layers=1, dec_layers=1, vocab=500, max_pos=512)


# ── tokenizer ──────────────────────────────────────────────────────────────────

WORDS = """the of and to in a is that for it on was with as he be by at are this from
have or an they which one you had not but were all we when there can has more if no out
so said what up its about into than them only other new some could time these two may
first then do any like my now over such our man me even most made after also did many
before must through back years where much your way well down should because each just
those people how too little state good very make world still own see men work long get
here between both life being under never day same another know while last might us great
old year off come since against go came right used take three president news police
government minister week city country report le la les de des du un une et est en que
qui dans pour pas sur au aux par plus ne se ce il elle nous vous ils sont avec son sa ses
leur mais ou comme tout fait été être avoir deux selon après contre entre sans sous
depuis chez lors ministre président pays monde ville semaine gouvernement police année
jour"""

PIECES = 'ing ed er es s tion ly ent ment ons ez ait ais re te ne le la'


def make_vocab(size):
    """Ids 0 and 1 are </s> and <unk> and the last id is <pad>, as in the OPUS-MT vocabularies."""
    chars = list('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')
    chars += list('.,;:!?\'"-()%$€«»/&éèêàâçôîûùëïüÉÀ')
    pieces = ['▁'] + ['▁' + w for w in WORDS.split()] + PIECES.split()
    pieces += ['▁' + c for c in chars] + chars
    seen, vocab = set(), ['</s>', '<unk>']
    for piece in pieces:
        if piece not in seen:
            seen.add(piece)
            vocab.append(piece)
    filler = 0
    while len(vocab) < size - 1:
        vocab.append(f'▁w{filler}')
        filler += 1
    if len(vocab) > size - 1:
        raise SystemExit(f'vocabulary of {size} is too small for {len(vocab)} base pieces')
    return vocab + ['<pad>']


def make_tokenizer_json(vocab):
    # Longer pieces score higher so Unigram prefers whole words over letters.
    scored = [[p, 0.0] if i in (0, 1, len(vocab) - 1) else [p, -10.0 + min(len(p), 8)]
              for i, p in enumerate(vocab)]
    special = {0: '</s>', 1: '<unk>', len(vocab) - 1: '<pad>'}
    metaspace = {'type': 'Metaspace', 'replacement': '▁', 'add_prefix_space': True,
                 'prepend_scheme': 'always', 'split': True}
    return {
        'version': '1.0', 'truncation': None, 'padding': None,
        'added_tokens': [{'id': i, 'content': c, 'single_word': False, 'lstrip': False,
                          'rstrip': False, 'normalized': False, 'special': True}
                         for i, c in special.items()],
        'normalizer': None,
        'pre_tokenizer': metaspace,
        'post_processor': {
            'type': 'TemplateProcessing',
            'single': [{'Sequence': {'id': 'A', 'type_id': 0}}, {'SpecialToken': {'id': '</s>', 'type_id': 0}}],
            'pair': [{'Sequence': {'id': 'A', 'type_id': 0}}, {'Sequence': {'id': 'B', 'type_id': 0}},
                     {'SpecialToken': {'id': '</s>', 'type_id': 0}}],
            'special_tokens': {'</s>': {'id': '</s>', 'ids': [0], 'tokens': ['</s>']}},
        },
        'decoder': metaspace,
        'model': {'type': 'Unigram', 'unk_id': 1, 'vocab': scored, 'byte_fallback': False},
    }


def make_configs(dims):
    pad = dims['vocab'] - 1
    config = {
        'architectures': ['MarianMTModel'], 'model_type': 'marian', 'is_encoder_decoder': True,
        'activation_function': 'swish', 'd_model': dims['d'],
        'encoder_layers': dims['enc_layers'], 'decoder_layers': dims['dec_layers'],
        'num_hidden_layers': dims['enc_layers'],
        'encoder_attention_heads': dims['heads'], 'decoder_attention_heads': dims['heads'],
        'encoder_ffn_dim': dims['ffn'], 'decoder_ffn_dim': dims['ffn'],
        'vocab_size': dims['vocab'], 'decoder_vocab_size': dims['vocab'],
        'max_position_embeddings': dims['max_pos'], 'max_length': 512,
        'pad_token_id': pad, 'eos_token_id': 0, 'bos_token_id': 0, 'decoder_start_token_id': pad,
        'forced_eos_token_id': 0, 'bad_words_ids': [[pad]],
        'scale_embedding': True, 'static_position_embeddings': True,
        'normalize_before': False, 'normalize_embedding': False, 'share_encoder_decoder_embeddings': True,
    }
    generation = {k: config[k] for k in ('bad_words_ids', 'bos_token_id', 'decoder_start_token_id',
                                         'eos_token_id', 'forced_eos_token_id', 'max_length', 'pad_token_id')}
    tokenizer_config = {
        'tokenizer_class': 'MarianTokenizer', 'model_max_length': 512, 'eos_token': '</s>',
        'unk_token': '<unk>', 'pad_token': '<pad>', 'source_lang': 'en', 'target_lang': 'fr',
        'clean_up_tokenization_spaces': False,
    }
    return config, generation, tokenizer_config


# ── weights and reference decode (torch) ──────────────────────────────────────

def make_weights(dims, seed, eos_bias):
    gen = torch.Generator().manual_seed(seed)
    d, f = dims['d'], dims['ffn']

    def normal(*shape, std):
        return torch.randn(*shape, generator=gen) * std

    def linear(n_in, n_out):  # stored [in, out] so that y = x @ W + b
        return normal(n_in, n_out, std=LINEAR_GAIN / math.sqrt(n_in)), normal(n_out, std=0.02)

    def attention(prefix):
        for name in ('q', 'k', 'v', 'o'):
            w[f'{prefix}.{name}.w'], w[f'{prefix}.{name}.b'] = linear(d, d)

    def layer_norm(prefix):
        w[f'{prefix}.g'] = 1 + normal(d, std=0.05)
        w[f'{prefix}.b'] = normal(d, std=0.05)

    def ffn(prefix):
        w[f'{prefix}.fc1.w'], w[f'{prefix}.fc1.b'] = linear(d, f)
        w[f'{prefix}.fc2.w'], w[f'{prefix}.fc2.b'] = linear(f, d)

    # Rows of equal norm: otherwise the few longest rows win every argmax and a random model
    # repeats one token forever.
    embed = normal(dims['vocab'], d, std=1.0)
    w = {'embed': embed / embed.norm(dim=1, keepdim=True) * (EMBED_NORM if d < 64 else 0.05 * math.sqrt(d))}
    for i in range(dims['enc_layers']):
        attention(f'enc{i}.self'), layer_norm(f'enc{i}.ln1'), ffn(f'enc{i}'), layer_norm(f'enc{i}.ln2')
    for i in range(dims['dec_layers']):
        attention(f'dec{i}.self'), layer_norm(f'dec{i}.ln1')
        attention(f'dec{i}.cross'), layer_norm(f'dec{i}.ln2')
        ffn(f'dec{i}'), layer_norm(f'dec{i}.ln3')
    bias = torch.zeros(dims['vocab'])
    bias[0] = eos_bias  # lets the tiny model end its sentences, so decodes have varied lengths
    w['final_logits_bias'] = bias
    w['positions'] = sinusoidal_positions(dims['max_pos'], d)
    return w


def sinusoidal_positions(n_pos, dim):
    """Marian's static table: sines in the first half of each row, cosines in the second."""
    rates = np.array([1 / np.power(10000, 2 * (j // 2) / dim) for j in range(dim)])
    angles = np.arange(n_pos)[:, None] * rates[None, :]
    table = np.zeros((n_pos, dim))
    half = dim // 2
    table[:, :half] = np.sin(angles[:, 0::2])
    table[:, half:] = np.cos(angles[:, 1::2])
    return torch.tensor(table, dtype=torch.float32)


def ref_attention(w, p, heads, xq, xkv, mask):
    b, tq, d = xq.shape
    hd = d // heads

    def split(t):
        return t.view(b, -1, heads, hd).transpose(1, 2)
    q = split((xq @ w[p + '.q.w'] + w[p + '.q.b']) * hd ** -0.5)
    k = split(xkv @ w[p + '.k.w'] + w[p + '.k.b'])
    v = split(xkv @ w[p + '.v.w'] + w[p + '.v.b'])
    probs = torch.softmax(q @ k.transpose(2, 3) + mask, dim=-1)
    ctx = (probs @ v).transpose(1, 2).reshape(b, tq, d)
    return ctx @ w[p + '.o.w'] + w[p + '.o.b']


def ref_block(w, p, x, sub):
    x = x + sub
    return torch.nn.functional.layer_norm(x, x.shape[-1:], w[p + '.g'], w[p + '.b'], 1e-5)


def ref_ffn(w, p, x):
    h = torch.nn.functional.silu(x @ w[p + '.fc1.w'] + w[p + '.fc1.b'])
    return h @ w[p + '.fc2.w'] + w[p + '.fc2.b']


def ref_embed(w, dims, ids):
    return w['embed'][ids] * math.sqrt(dims['d']) + w['positions'][: ids.shape[1]]


def ref_decode(w, dims, src_ids, src_mask, max_steps):
    """Greedy decode that recomputes the whole prefix at every step (no cache)."""
    heads, pad = dims['heads'], dims['vocab'] - 1
    enc_mask = ((1 - src_mask.float()) * NEG)[:, None, None, :]
    x = ref_embed(w, dims, src_ids)
    for i in range(dims['enc_layers']):
        x = ref_block(w, f'enc{i}.ln1', x, ref_attention(w, f'enc{i}.self', heads, x, x, enc_mask))
        x = ref_block(w, f'enc{i}.ln2', x, ref_ffn(w, f'enc{i}', x))
    enc = x
    out = torch.full((src_ids.shape[0], 1), pad, dtype=torch.long)
    done = torch.zeros(src_ids.shape[0], dtype=torch.bool)
    for _ in range(max_steps):
        t = out.shape[1]
        causal = torch.triu(torch.full((t, t), NEG), diagonal=1)
        y = ref_embed(w, dims, out)
        for i in range(dims['dec_layers']):
            y = ref_block(w, f'dec{i}.ln1', y, ref_attention(w, f'dec{i}.self', heads, y, y, causal))
            y = ref_block(w, f'dec{i}.ln2', y, ref_attention(w, f'dec{i}.cross', heads, y, enc, enc_mask))
            y = ref_block(w, f'dec{i}.ln3', y, ref_ffn(w, f'dec{i}', y))
        logits = y[:, -1] @ w['embed'].T + w['final_logits_bias']
        logits[:, pad] = -math.inf  # bad_words_ids
        nxt = torch.where(done, torch.tensor(pad), logits.argmax(-1))
        out = torch.cat([out, nxt[:, None]], dim=1)
        done |= nxt == 0
        if done.all():
            break
    return out[:, 1:].tolist()


def tokenize(vocab, text):
    """Viterbi Unigram segmentation with the same scores as tokenizer.json (Metaspace first)."""
    scores = {p: -10.0 + min(len(p), 8) for p in vocab[2:-1]}
    ids = []
    for word in text.split():
        word = '▁' + word
        best = [(0.0, -1)] + [(-math.inf, -1)] * len(word)
        for end in range(1, len(word) + 1):
            for start in range(max(0, end - 16), end):
                piece = word[start:end]
                if piece in scores and best[start][0] + scores[piece] > best[end][0]:
                    best[end] = (best[start][0] + scores[piece], start)
        if best[-1][1] < 0:
            raise SystemExit(f'reference text needs a piece the vocabulary lacks: {word}')
        pieces, end = [], len(word)
        while end > 0:
            start = best[end][1]
            pieces.append(word[start:end])
            end = start
        ids += [vocab.index(p) for p in reversed(pieces)]
    return ids + [0]


def detokenize(vocab, ids):
    special = {0, 1, len(vocab) - 1}
    text = ''.join(vocab[i] for i in ids if i not in special).replace('▁', ' ')
    return text.strip()


# ── ONNX graphs (onnx.helper) ─────────────────────────────────────────────────

class GraphBuilder:
    """Collects nodes into one graph; weights live in `inits`, shared with subgraphs by name."""

    def __init__(self, inits, prefix):
        self.inits, self.prefix, self.nodes, self.count = inits, prefix, [], 0

    def op(self, op_type, inputs, outputs=1, **attrs):
        names = [f'{self.prefix}{op_type}_{self.count}_{k}' for k in range(outputs)] \
            if isinstance(outputs, int) else outputs
        self.count += 1
        self.nodes.append(helper.make_node(op_type, inputs, names, **attrs))
        return names[0] if len(names) == 1 else names

    def const(self, name, value):
        if name not in self.inits:
            self.inits[name] = np.asarray(value)
        return name


def add_weights(inits, w):
    for name, tensor in w.items():
        inits[name] = tensor.numpy().astype(np.float32)


def linear(g, x, p):
    return g.op('Add', [g.op('MatMul', [x, p + '.w']), p + '.b'])


def split_heads(g, t, heads, hd):
    shape = g.const(f'shape_heads', np.array([0, 0, heads, hd], dtype=np.int64))
    return g.op('Transpose', [g.op('Reshape', [t, shape])], perm=[0, 2, 1, 3])


def attend(g, q, k, v, mask, d):
    scores = g.op('MatMul', [q, g.op('Transpose', [k], perm=[0, 1, 3, 2])])
    probs = g.op('Softmax', [g.op('Add', [scores, mask])], axis=-1)
    ctx = g.op('Transpose', [g.op('MatMul', [probs, v])], perm=[0, 2, 1, 3])
    return g.op('Reshape', [ctx, g.const('shape_model', np.array([0, 0, d], dtype=np.int64))])


def query(g, x, p, heads, hd):
    scaled = g.op('Mul', [linear(g, x, p + '.q'), g.const('scaling', np.float32(hd ** -0.5))])
    return split_heads(g, scaled, heads, hd)


def residual_norm(g, x, sub, p):
    return g.op('LayerNormalization', [g.op('Add', [x, sub]), p + '.g', p + '.b'], axis=-1, epsilon=1e-5)


def feed_forward(g, x, p):
    h = linear(g, x, p + '.fc1')
    return linear(g, g.op('Mul', [h, g.op('Sigmoid', [h])]), p + '.fc2')


def embed(g, dims, ids, start):
    """Token embeddings scaled by sqrt(d_model) plus the position rows start..start+len."""
    x = g.op('Mul', [g.op('Gather', ['embed', ids]), g.const('embed_scale', np.float32(math.sqrt(dims['d'])))])
    length = g.op('Gather', [g.op('Shape', [ids]), g.const('one', np.array(1, dtype=np.int64))])
    end = g.op('Add', [start, length])
    axes0 = g.const('axes0', np.array([0], dtype=np.int64))
    pos = g.op('Slice', ['positions', g.op('Unsqueeze', [start, axes0]), g.op('Unsqueeze', [end, axes0]), axes0])
    return g.op('Add', [x, pos]), length, end


def padding_mask(g, mask):
    as_float = g.op('Cast', [mask], to=TensorProto.FLOAT)
    inverted = g.op('Sub', [g.const('one_f', np.float32(1)), as_float])
    additive = g.op('Mul', [inverted, g.const('neg', np.float32(NEG))])
    return g.op('Unsqueeze', [additive, g.const('axes12', np.array([1, 2], dtype=np.int64))])


def io(name, elem, shape):
    return helper.make_tensor_value_info(name, elem, shape)


def make_encoder(dims, inits):
    g = GraphBuilder(inits, 'enc/')
    heads, d = dims['heads'], dims['d']
    hd = d // heads
    x, _, _ = embed(g, dims, 'input_ids', g.const('zero', np.array(0, dtype=np.int64)))
    mask = padding_mask(g, 'attention_mask')
    for i in range(dims['enc_layers']):
        p = f'enc{i}.self'
        k, v = (split_heads(g, linear(g, x, f'{p}.{n}'), heads, hd) for n in 'kv')
        att = linear(g, attend(g, query(g, x, p, heads, hd), k, v, mask, d), p + '.o')
        x = residual_norm(g, x, att, f'enc{i}.ln1')
        x = residual_norm(g, x, feed_forward(g, x, f'enc{i}'), f'enc{i}.ln2')
    g.nodes.append(helper.make_node('Identity', [x], ['last_hidden_state']))
    names = ['batch_size', 'encoder_sequence_length']
    inputs = [io('input_ids', TensorProto.INT64, names), io('attention_mask', TensorProto.INT64, names)]
    outputs = [io('last_hidden_state', TensorProto.FLOAT, names + [d])]
    return finish_model(g.nodes, inputs, outputs, inits, 'encoder')


def cross_kv_branches(dims, inits):
    """then: the encoder's keys and values from the cache; else: computed from its hidden states.
    Each branch gives them twice: for the cross-attention, then as the present.*.encoder outputs,
    which the cached branch leaves empty as optimum's merged decoders do (transformers.js keeps
    the cache it passed in), so no step copies the encoder's keys and values out again."""
    heads, hd = dims['heads'], dims['d'] // dims['heads']
    cached = GraphBuilder(inits, 'cached/')
    fresh = GraphBuilder(inits, 'fresh/')
    empty = cached.const('empty_cross_kv', np.zeros((0, heads, 1, hd), dtype=np.float32))
    used_cached, used_fresh, present_cached, present_fresh = [], [], [], []
    for i in range(dims['dec_layers']):
        for n, kind in (('k', 'key'), ('v', 'value')):
            used_cached.append(cached.op('Identity', [f'past_key_values.{i}.encoder.{kind}']))
            present_cached.append(cached.op('Identity', [empty]))
            proj = linear(fresh, 'encoder_hidden_states', f'dec{i}.cross.{n}')
            used_fresh.append(fresh.op('Identity', [split_heads(fresh, proj, heads, hd)]))
            present_fresh.append(fresh.op('Identity', [used_fresh[-1]]))
    outs_cached, outs_fresh = used_cached + present_cached, used_fresh + present_fresh
    then_graph = helper.make_graph(cached.nodes, 'use_cache', [], [io(o, TensorProto.FLOAT, None) for o in outs_cached])
    else_graph = helper.make_graph(fresh.nodes, 'no_cache', [], [io(o, TensorProto.FLOAT, None) for o in outs_fresh])
    return then_graph, else_graph


def causal_mask(g, past, length, end):
    rows = g.op('Range', [past, end, g.const('one', np.array(1, dtype=np.int64))])
    cols = g.op('Range', [g.const('zero', np.array(0, dtype=np.int64)), end, 'one'])
    later = g.op('Greater', [g.op('Unsqueeze', [cols, 'axes0']), g.op('Unsqueeze', [rows, g.const('axes1', np.array([1], dtype=np.int64))])])
    return g.op('Where', [later, g.const('neg', np.float32(NEG)), g.const('zero_f', np.float32(0))])


def make_decoder(dims, inits):
    g = GraphBuilder(inits, 'dec/')
    heads, d, layers = dims['heads'], dims['d'], dims['dec_layers']
    hd = d // heads
    past = g.op('Gather', [g.op('Shape', ['past_key_values.0.decoder.key']), g.const('two', np.array(2, dtype=np.int64))])
    x, length, end = embed(g, dims, 'input_ids', past)
    self_mask = causal_mask(g, past, length, end)
    enc_mask = padding_mask(g, 'encoder_attention_mask')
    then_graph, else_graph = cross_kv_branches(dims, inits)
    cross = [f'cross.{i}.{kind}' for i in range(layers) for kind in ('key', 'value')]
    present = [f'present.{i}.encoder.{kind}' for i in range(layers) for kind in ('key', 'value')]
    g.nodes.append(helper.make_node('If', ['use_cache_branch'], cross + present, then_branch=then_graph, else_branch=else_graph))
    for i in range(layers):
        p = f'dec{i}.self'
        kv = []
        for n, kind in (('k', 'key'), ('v', 'value')):
            new = split_heads(g, linear(g, x, f'{p}.{n}'), heads, hd)
            kv.append(g.op('Concat', [f'past_key_values.{i}.decoder.{kind}', new], [f'present.{i}.decoder.{kind}'], axis=2))
        att = linear(g, attend(g, query(g, x, p, heads, hd), kv[0], kv[1], self_mask, d), p + '.o')
        x = residual_norm(g, x, att, f'dec{i}.ln1')
        q = query(g, x, f'dec{i}.cross', heads, hd)
        att = linear(g, attend(g, q, cross[2 * i], cross[2 * i + 1], enc_mask, d), f'dec{i}.cross.o')
        x = residual_norm(g, x, att, f'dec{i}.ln2')
        x = residual_norm(g, x, feed_forward(g, x, f'dec{i}'), f'dec{i}.ln3')
    # Gemm with transB over the shared embedding: the tied projection is stored once.
    flat = g.op('Reshape', [x, g.const('shape_flat', np.array([-1, d], dtype=np.int64))])
    logits = g.op('Gemm', [flat, 'embed', 'final_logits_bias'], transB=1)
    out_shape = g.op('Concat', [g.op('Shape', ['input_ids']), g.const('vocab', np.array([dims['vocab']], dtype=np.int64))], axis=0)
    g.op('Reshape', [logits, out_shape], ['logits'])
    return finish_model(g.nodes, decoder_inputs(dims), decoder_outputs(dims), inits, 'decoder_merged')


def decoder_inputs(dims):
    heads, hd = dims['heads'], dims['d'] // dims['heads']
    inputs = [
        io('encoder_attention_mask', TensorProto.INT64, ['batch_size', 'encoder_sequence_length']),
        io('input_ids', TensorProto.INT64, ['batch_size', 'decoder_sequence_length']),
        io('encoder_hidden_states', TensorProto.FLOAT, ['batch_size', 'encoder_sequence_length', dims['d']]),
    ]
    for i in range(dims['dec_layers']):
        for part, length in (('decoder', 'past_decoder_sequence_length'), ('encoder', 'encoder_sequence_length_out')):
            for kind in ('key', 'value'):
                inputs.append(io(f'past_key_values.{i}.{part}.{kind}', TensorProto.FLOAT, ['batch_size', heads, length, hd]))
    return inputs + [io('use_cache_branch', TensorProto.BOOL, [1])]


def decoder_outputs(dims):
    heads, hd = dims['heads'], dims['d'] // dims['heads']
    outputs = [io('logits', TensorProto.FLOAT, ['batch_size', 'decoder_sequence_length', dims['vocab']])]
    for i in range(dims['dec_layers']):
        for part, length in (('decoder', 'past_decoder_sequence_length + 1'), ('encoder', 'encoder_sequence_length_out')):
            for kind in ('key', 'value'):
                outputs.append(io(f'present.{i}.{part}.{kind}', TensorProto.FLOAT, ['batch_size', heads, length, hd]))
    return outputs


def finish_model(nodes, inputs, outputs, inits, name):
    used = {n for node in nodes for n in node.input} | subgraph_inputs(nodes)
    tensors = [numpy_helper.from_array(value, key) for key, value in sorted(inits.items()) if key in used]
    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=tensors)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid('', OPSET)], producer_name='make-tiny-marian')
    model.ir_version = 8
    onnx.checker.check_model(model)
    return model


def subgraph_inputs(nodes):
    names = set()
    for node in nodes:
        for attr in node.attribute:
            if attr.type == onnx.AttributeProto.GRAPH:
                names |= {n for sub in attr.g.node for n in sub.input}
                names |= subgraph_inputs(attr.g.node)
    return names


# ── q8: dynamic quantization, as onnxruntime's quantize_dynamic writes it ──────

def quantize_model(model):
    """MatMul/Gemm over a weight → DynamicQuantizeLinear + MatMulInteger (int8 weights, per
    tensor); Gather over the embedding → int8 Gather + DequantizeLinear. Walks If branches."""
    inits = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    added = {}
    quantize_nodes(model.graph, inits, added)
    used = {n for node in model.graph.node for n in node.input} | subgraph_inputs(model.graph.node)
    kept = [numpy_helper.from_array(v, k) for k, v in sorted({**inits, **added}.items()) if k in used]
    del model.graph.initializer[:]
    model.graph.initializer.extend(kept)
    onnx.checker.check_model(model)
    return model


def quantize_weight(added, inits, name, transpose=False):
    key = name + ('.T' if transpose else '') + '.q8'
    if key not in added:
        w = inits[name].T if transpose else inits[name]
        scale = np.float32(max(np.abs(w).max(), 1e-8) / 127)
        added[key] = np.clip(np.round(w / scale), -127, 127).astype(np.int8)
        added[key + '.scale'] = np.array(scale, dtype=np.float32)
        added[key + '.zp'] = np.array(0, dtype=np.int8)
    return key


def quantized_matmul(out, a, key, tag):
    aq, ascale, azp = (f'{tag}/a_q', f'{tag}/a_scale', f'{tag}/a_zp')
    return [
        helper.make_node('DynamicQuantizeLinear', [a], [aq, ascale, azp]),
        helper.make_node('MatMulInteger', [aq, key, azp, key + '.zp'], [f'{tag}/int']),
        helper.make_node('Cast', [f'{tag}/int'], [f'{tag}/float'], to=TensorProto.FLOAT),
        helper.make_node('Mul', [ascale, key + '.scale'], [f'{tag}/scale']),
        helper.make_node('Mul', [f'{tag}/float', f'{tag}/scale'], [out]),
    ]


def quantize_nodes(graph, inits, added):
    nodes = []
    for index, node in enumerate(graph.node):
        tag = f'{graph.name}/q{index}'
        weight = node.input[1] if len(node.input) > 1 else None
        if node.op_type == 'MatMul' and weight in inits and inits[weight].ndim == 2:
            nodes += quantized_matmul(node.output[0], node.input[0], quantize_weight(added, inits, weight), tag)
        elif node.op_type == 'Gemm' and node.input[1] in inits:
            key = quantize_weight(added, inits, node.input[1], transpose=True)
            nodes += quantized_matmul(tag + '/mm', node.input[0], key, tag)
            nodes.append(helper.make_node('Add', [tag + '/mm', node.input[2]], list(node.output)))
        elif node.op_type == 'Gather' and node.input[0] in inits and inits[node.input[0]].ndim == 2:
            key = quantize_weight(added, inits, node.input[0])
            nodes.append(helper.make_node('Gather', [key, node.input[1]], [tag + '/rows']))
            nodes.append(helper.make_node('DequantizeLinear', [tag + '/rows', key + '.scale', key + '.zp'], list(node.output)))
        else:
            for attr in node.attribute:
                if attr.type == onnx.AttributeProto.GRAPH:
                    quantize_nodes(attr.g, inits, added)
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)


# ── main ──────────────────────────────────────────────────────────────────────

REFERENCE_TEXTS = [
    'the president said that the government will report to the city .',
    'police said there were two men in the country',
    'le ministre a été au monde',
]


def write_json(path, value):
    with open(path, 'w', encoding='utf-8') as f:
        json.dump(value, f, ensure_ascii=False, indent=1 if os.path.basename(path) != 'tokenizer.json' else None)
        f.write('\n')


def write_reference(out, w, dims, vocab):
    """Greedy decodes of REFERENCE_TEXTS, batched with padding, from the no-cache torch model."""
    ids = [tokenize(vocab, text) for text in REFERENCE_TEXTS]
    width = max(map(len, ids))
    pad = dims['vocab'] - 1
    src = torch.tensor([row + [pad] * (width - len(row)) for row in ids])
    mask = torch.tensor([[1] * len(row) + [0] * (width - len(row)) for row in ids])
    with torch.no_grad():
        decoded = ref_decode(w, dims, src, mask, max_steps=16)
    cases = [{'source': text, 'source_ids': row, 'target_ids': out, 'target': detokenize(vocab, out)}
             for text, row, out in zip(REFERENCE_TEXTS, ids, decoded)]
    write_json(os.path.join(out, 'reference.json'), {
        'note': 'greedy decode without cache, at most 16 new tokens, fp32; written by scripts/make-tiny-marian.py',
        'dtype': 'fp32', 'max_new_tokens': 16, 'cases': cases})
    return cases


def main():
    args = parse_args()
    torch.manual_seed(args.seed)
    dims = make_dims(args.opus_size)
    vocab = make_vocab(dims['vocab'])
    model_dir = os.path.join(args.out, *args.model_id.split('/'))
    os.makedirs(os.path.join(model_dir, 'onnx'), exist_ok=True)
    config, generation, tokenizer_config = make_configs(dims)
    write_json(os.path.join(model_dir, 'config.json'), config)
    write_json(os.path.join(model_dir, 'generation_config.json'), generation)
    write_json(os.path.join(model_dir, 'tokenizer_config.json'), tokenizer_config)
    write_json(os.path.join(model_dir, 'tokenizer.json'), make_tokenizer_json(vocab))
    w = make_weights(dims, args.seed, eos_bias=0.0 if args.opus_size else EOS_BIAS)
    for name, build in (('encoder_model', make_encoder), ('decoder_model_merged', make_decoder)):
        inits = {}
        add_weights(inits, w)
        model = build(dims, inits)
        onnx.save(model, os.path.join(model_dir, 'onnx', name + '.onnx'))
        onnx.save(quantize_model(model), os.path.join(model_dir, 'onnx', name + '_quantized.onnx'))
    if not args.opus_size:
        for case in write_reference(args.out, w, dims, vocab):
            print(f"{case['source']!r} -> {case['target']!r}")
    total = sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(model_dir) for f in files)
    print(f'wrote {model_dir} ({total / 1e6:.2f} MB)')


if __name__ == '__main__':
    main()
