import { readText } from './dom.js';
import type { DomElement } from './dom.js';
import { hasAtMostWords } from './text-blocks.js';

// Older sites (ASP.NET pages, 2000s blogs) wrap the whole page, story included, in one <form>;
// the sanitizer drops a form with all it holds, since a search box, a sign-up or a comment form
// is never the story. A form that holds this much text holds the story: only its tag goes.
const MIN_STORY_FORM_WORDS = 80;

/** Replaces each <form> inside `root` that holds a story's worth of text by what it holds. */
export function unwrapStoryForms(root: DomElement): void {
  for (const form of Array.from(root.querySelectorAll('form'))) {
    if (form.parentNode === null || hasAtMostWords(readText(form), MIN_STORY_FORM_WORDS - 1)) continue;
    form.replaceWith(...Array.from(form.childNodes));
  }
}
