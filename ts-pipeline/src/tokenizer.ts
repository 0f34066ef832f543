// Tokenisation as sentence-transformers does it: tokenizer.json's pipeline, but truncated at
// max_seq_length (not tokenizer.json's 128) and padded per batch by the caller (not to 128).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { describeError } from './protocol.js';
import { modelError, readModelJson } from './model-files.js';

export class SentenceTokenizer {
  private readonly specialTokenCount: number;
  private readonly unknownId: number;

  private constructor(
    private readonly tokenizer: Tokenizer,
    readonly maxLength: number,
  ) {
    // Tokens the post-processor adds around one sequence ([CLS] ... [SEP] for BERT).
    this.specialTokenCount = tokenizer.encode('').ids.length;
    this.unknownId = tokenizer.model?.unk_token_id ?? 0;
    if (maxLength <= this.specialTokenCount) throw modelError(`max_seq_length ${maxLength} leaves no room for text`);
  }

  static load(modelDir: string, maxLength: number): SentenceTokenizer {
    const tokenizerJson = readModelJson<object>(modelDir, 'tokenizer.json');
    // tokenizer_config.json is optional for the tokenizer itself.
    const config = existsSync(join(modelDir, 'tokenizer_config.json')) ? readModelJson<object>(modelDir, 'tokenizer_config.json') : {};
    try {
      return new SentenceTokenizer(new Tokenizer(tokenizerJson, config), maxLength);
    } catch (error) {
      throw modelError(`cannot build the tokenizer from ${join(modelDir, 'tokenizer.json')}: ${describeError(error)}`, error);
    }
  }

  /**
   * Token ids with special tokens, truncated like the `tokenizers` crate's LongestFirst
   * strategy on one sequence: the text's tokens are cut to maxLength minus the special tokens.
   */
  encode(text: string): number[] {
    const tokens = this.tokenizer.tokenize(text, { add_special_tokens: false });
    const kept = tokens.slice(0, this.maxLength - this.specialTokenCount);
    const withSpecials: string[] = this.tokenizer.post_processor ? this.tokenizer.post_processor.post_process(kept, null, true).tokens : kept;
    return withSpecials.map((token) => this.tokenizer.token_to_id(token) ?? this.unknownId);
  }

  /** Tokens of `text` without truncation, special tokens included (the tokenize job's check). */
  countUntruncated(text: string): number {
    return this.tokenizer.tokenize(text, { add_special_tokens: false }).length + this.specialTokenCount;
  }
}
