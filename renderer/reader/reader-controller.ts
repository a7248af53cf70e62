/**
 * The reader: a ProseMirror view of the open document's text that the person can move a caret
 * in and select with mouse or keyboard, but never change, plus the highlight painter and the
 * pointer handling (click, hover, Alt+drag) that tells the workbench what the person did. Keys
 * go through the workbench's command dispatcher first; the reader keeps only the caret keys.
 *
 * Read-only with a caret: the view is editable (so caret browsing and Shift+arrows work) but
 * every transaction that would change the document is refused (a filter plugin, and
 * `dispatchTransaction` refuses too); text input, paste, drop and cut are stopped before they
 * touch the DOM, and if the browser changes the DOM anyway (IME), the view redraws it from the
 * unchanged document.
 */
import { EditorState, Plugin, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Fragment } from '../../common/domain.js';
import type { DocumentSession } from '../session/document-session.js';
import { characterOffsetAt, offsetOfDomPoint } from './hit-test.js';
import { HighlightPainter } from './highlight-painter.js';
import { ParagraphMap } from './paragraph-map.js';
import { buildReaderDoc, firstParagraphIsTitle } from './schema.js';

/**
 * What the reader tells the workbench about the pointer and the selection. Keys are not here:
 * the workbench's one keyboard dispatcher (workbench/commands) sees every key press first and
 * leaves to the reader only the ones it did not handle.
 */
export interface ReaderHandlers {
  /** A click on text: the annotations under the pointer, innermost first (empty: plain text). */
  onClickAnnotations(ids: string[], offset: number): void;
  /** A selection made with Alt held: add it to the selected annotation. */
  onAddFragment(): void;
  /** The pointer is over these annotations (innermost first), at this point; [] when none. */
  onHover(ids: string[], point: { x: number; y: number } | null): void;
  /** The text selection changed (raw offsets; null when collapsed). */
  onTextSelection(selection: Fragment | null): void;
}

const readOnly = new Plugin({ filterTransaction: (tr) => !tr.docChanged });

export class ReaderController {
  readonly view: EditorView;
  readonly map: ParagraphMap;
  readonly painter: HighlightPainter;
  /** Whether the text starts with the title line (the panel then shows no separate title). */
  readonly titleFirst: boolean;
  private hoverFrame = 0;
  private lastPointer: { x: number; y: number } | null = null;
  private lastHover = '';
  private lastSelection = '';

  constructor(
    host: HTMLElement,
    private readonly scroller: HTMLElement,
    private readonly session: DocumentSession,
    private readonly handlers: ReaderHandlers,
    /** The text's accessible name and the id of its description (several readers on a page). */
    options: { label?: string; describedBy?: string } = {},
  ) {
    const document = session.document;
    if (!document) throw new Error('ReaderController needs a loaded document');
    performance.mark('triangulate:reader-build-start');
    this.map = new ParagraphMap(document.paragraphs, document.text.length);
    this.titleFirst = firstParagraphIsTitle(document.text, this.map, document.title);
    const doc = buildReaderDoc(document.text, this.map, { titleFirst: this.titleFirst });
    this.view = new EditorView(host, {
      state: EditorState.create({ doc, plugins: [readOnly] }),
      editable: () => true,
      attributes: {
        role: 'textbox',
        'aria-readonly': 'true',
        'aria-multiline': 'true',
        'aria-label': options.label ?? 'Article text',
        'aria-describedby': options.describedBy ?? 'reader-help',
        spellcheck: 'false',
        autocorrect: 'off',
        autocapitalize: 'off',
        translate: 'no',
        class: 'reader-text',
      },
      dispatchTransaction: (tr) => {
        if (tr.docChanged) {
          this.restoreDom();
          return;
        }
        this.view.updateState(this.view.state.apply(tr));
        this.reportSelection();
      },
      handleKeyDown: (_view, event) => this.onKeyDown(event),
      handleTextInput: () => true,
      handlePaste: () => true,
      handleDrop: () => true,
      handleDOMEvents: {
        beforeinput: (_view, event) => {
          event.preventDefault();
          return true;
        },
        cut: (_view, event) => {
          event.preventDefault();
          return true;
        },
      },
    });
    // React saves and restores the selection of a focused contenteditable around each of its
    // commits by walking all its text (tens of milliseconds on a long document, on every render
    // while the reader has focus). The reader's selection is ProseMirror's business: tell React
    // this element has none to keep. (The attribute, which the browser edits by, stays "true".)
    Object.defineProperty(this.view.dom, 'contentEditable', { configurable: true, get: () => 'inherit' });
    this.painter = new HighlightPainter(this.view, this.map, scroller, session);
    this.view.dom.addEventListener('click', this.onClick);
    this.view.dom.addEventListener('mouseup', this.onMouseUp);
    this.view.dom.addEventListener('mousemove', this.onMouseMove);
    this.view.dom.addEventListener('mouseleave', this.onMouseLeave);
    performance.mark('triangulate:reader-built');
  }

  destroy(): void {
    cancelAnimationFrame(this.hoverFrame);
    this.view.dom.removeEventListener('click', this.onClick);
    this.view.dom.removeEventListener('mouseup', this.onMouseUp);
    this.view.dom.removeEventListener('mousemove', this.onMouseMove);
    this.view.dom.removeEventListener('mouseleave', this.onMouseLeave);
    this.painter.destroy();
    this.view.destroy();
  }

  focus(): void {
    this.view.focus();
  }

  /** The current text selection as offsets, or null when it is collapsed. */
  selection(): Fragment | null {
    let { from, to } = this.view.state.selection;
    // ProseMirror takes in the DOM selection on `selectionchange`, a task that can still be
    // queued when a key press follows the selection at once (a label key right after
    // Shift+arrows on a loaded machine): the DOM's own selection is the one the person sees.
    const dom = window.getSelection();
    if (dom && !dom.isCollapsed && dom.anchorNode && dom.focusNode) {
      const editor = this.view.dom;
      if (editor.contains(dom.anchorNode) && editor.contains(dom.focusNode)) {
        try {
          const anchor = this.view.posAtDOM(dom.anchorNode, dom.anchorOffset);
          const head = this.view.posAtDOM(dom.focusNode, dom.focusOffset);
          from = Math.min(anchor, head);
          to = Math.max(anchor, head);
        } catch {
          // A node ProseMirror does not map: keep its own selection.
        }
      }
    }
    if (from === to) return null;
    const start = this.map.offsetFromPos(from);
    const end = this.map.offsetFromPos(to);
    return end > start ? { start, end } : null;
  }

  caretOffset(): number {
    return this.map.offsetFromPos(this.view.state.selection.head);
  }

  /** Selects `[start, end)` of the text (or puts the caret at `start`). */
  setSelection(start: number, end = start): void {
    const anchor = this.map.posFromOffset(start, 'after');
    const head = this.map.posFromOffset(end, end > start ? 'before' : 'after');
    const selection = TextSelection.create(this.view.state.doc, anchor, Math.max(anchor, head));
    this.view.dispatch(this.view.state.tr.setSelection(selection));
  }

  /**
   * Scrolls so that the fragments show, unless they already do; with `page` (the default) the
   * page too, when the reader itself is out of the window (a stacked layout).
   */
  reveal(fragments: readonly Fragment[], { page = true }: { page?: boolean } = {}): void {
    const first = fragments[0];
    if (!first) return;
    const ranges = this.painter.rangesFor([first]);
    const range = ranges[0];
    if (!range) return;
    const live = document.createRange();
    live.setStart(range.startContainer, range.startOffset);
    live.setEnd(range.endContainer, range.endOffset);
    const rect = live.getBoundingClientRect();
    const box = this.scroller.getBoundingClientRect();
    const top = Math.max(box.top, 0);
    const bottom = Math.min(box.bottom, window.innerHeight);
    if (rect.top >= top + 8 && rect.bottom <= bottom - 8) return;
    const target = this.scroller.scrollTop + rect.top - box.top - (box.height - Math.min(rect.height, box.height)) / 3;
    this.scroller.scrollTo({ top: Math.max(0, target) });
    if (page && (rect.top < 0 || rect.bottom > window.innerHeight)) {
      (range.startContainer.parentElement ?? this.view.dom).scrollIntoView({ block: 'center' });
    }
    this.painter.refreshWindow();
  }

  // -------------------------------------------------------------------------------------------

  private restoreDom(): void {
    // The browser changed the text's DOM behind ProseMirror's back (e.g. an input method): put
    // back what the document says, then repaint, since redrawn paragraphs have new text nodes.
    const state = this.view.state;
    const doc = state.doc.copy(state.doc.content);
    const { anchor, head } = state.selection;
    this.view.updateState(
      EditorState.create({ doc, plugins: state.plugins, selection: TextSelection.create(doc, anchor, head) }),
    );
    this.painter.repaintAll();
  }

  private reportSelection(): void {
    const selection = this.selection();
    const key = selection ? `${selection.start}:${selection.end}` : '';
    if (key === this.lastSelection) return;
    this.lastSelection = key;
    this.handlers.onTextSelection(selection);
  }

  /**
   * The keys the workbench's commands left alone: Ctrl/Cmd+Home/End move to the ends of the
   * text, and every key that would edit (a printable character, Delete, Backspace, Enter) is
   * refused; the caret and selection keys go on to ProseMirror and the browser.
   */
  private onKeyDown(event: KeyboardEvent): boolean {
    const plain = !event.ctrlKey && !event.metaKey && !event.altKey;
    if ((event.ctrlKey || event.metaKey) && !event.altKey && (event.key === 'Home' || event.key === 'End')) {
      // Start / end of the text (handled here: Chromium skips it from some wrapped line ends).
      const doc = this.view.state.doc;
      const head = event.key === 'Home' ? 1 : doc.content.size - 1;
      const anchor = event.shiftKey ? this.view.state.selection.anchor : head;
      this.view.dispatch(this.view.state.tr.setSelection(TextSelection.create(doc, anchor, head)).scrollIntoView());
      return true;
    }
    switch (event.key) {
      case 'Escape':
      case 'Delete':
      case 'Backspace':
      case 'Enter':
      case '+':
        return true;
      case 'Tab':
      case '?':
        return false;
    }
    // Any other printable character would type: refuse it. Navigation keys fall through.
    if (plain && event.key.length === 1) return true;
    return false;
  }

  private readonly onClick = (event: MouseEvent): void => {
    if (event.shiftKey || event.altKey || event.button !== 0) return;
    const selection = window.getSelection();
    if (selection && !selection.isCollapsed) return; // a drag-selection, not a click
    const offset = characterOffsetAt(this.view, this.map, event.clientX, event.clientY);
    if (offset === null) {
      this.handlers.onClickAnnotations([], -1);
      return;
    }
    this.handlers.onClickAnnotations(this.session.index.at(offset), offset);
  };

  private readonly onMouseUp = (event: MouseEvent): void => {
    if (!event.altKey) return;
    // Let the selection settle, then add it as a fragment.
    setTimeout(() => {
      const selection = window.getSelection();
      if (!selection || selection.isCollapsed || !selection.anchorNode || !selection.focusNode) return;
      const a = offsetOfDomPoint(this.view, this.map, selection.anchorNode, selection.anchorOffset);
      const b = offsetOfDomPoint(this.view, this.map, selection.focusNode, selection.focusOffset);
      if (a === null || b === null || a === b) return;
      this.setSelection(Math.min(a, b), Math.max(a, b));
      this.handlers.onAddFragment();
    }, 0);
  };

  private readonly onMouseMove = (event: MouseEvent): void => {
    this.lastPointer = { x: event.clientX, y: event.clientY };
    if (this.hoverFrame) return;
    this.hoverFrame = requestAnimationFrame(() => {
      this.hoverFrame = 0;
      const point = this.lastPointer;
      if (!point) return;
      const offset = characterOffsetAt(this.view, this.map, point.x, point.y);
      const ids = offset === null ? [] : this.session.index.at(offset);
      const key = ids.join(' ');
      if (key === this.lastHover) return;
      this.lastHover = key;
      this.handlers.onHover(ids, ids.length ? point : null);
    });
  };

  private readonly onMouseLeave = (): void => {
    this.lastPointer = null;
    this.lastHover = '';
    this.handlers.onHover([], null);
  };
}
