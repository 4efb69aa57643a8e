/** Receives the text of a file the user opened, with its name. */
export type OpenedFile = (text: string, name: string) => void;

/**
 * Opening dump files: a hidden file input behind a button, and drag-and-drop anywhere on the page
 * (an overlay shows while a file is dragged over). Reading errors are reported, never swallowed.
 *
 * @example
 * ```ts
 * const opener = new DumpOpener(document.body, overlay, (text, name) => load(text, name), showError);
 * toolbar.append(opener.button);
 * ```
 */
export class DumpOpener {
  /** The "Open dump…" button for the toolbar. */
  readonly button: HTMLButtonElement;
  /** The file input; the page puts it beside the button (hidden), where tests can set files on it. */
  readonly input: HTMLInputElement;
  private dragDepth = 0;

  constructor(
    dropTarget: HTMLElement,
    private readonly overlay: HTMLElement,
    private readonly onFile: OpenedFile,
    private readonly onError: (message: string) => void,
  ) {
    this.input = document.createElement("input");
    this.input.type = "file";
    this.input.accept = ".json,application/json";
    this.input.hidden = true;
    this.input.setAttribute("data-testid", "dump-input");
    this.input.addEventListener("change", () => {
      const file = this.input.files?.[0];
      if (file) this.read(file);
      this.input.value = "";
    });
    this.button = document.createElement("button");
    this.button.textContent = "Open dump…";
    this.button.title = "Open a dump written by kamera --dump-output (or drop one on the page)";
    this.button.addEventListener("click", () => this.input.click());

    // dragenter/dragleave fire for every child crossed: count them to know when the drag leaves the page.
    dropTarget.addEventListener("dragenter", (e) => {
      if (!this.carriesFiles(e)) return;
      e.preventDefault();
      this.dragDepth++;
      this.overlay.hidden = false;
    });
    dropTarget.addEventListener("dragover", (e) => {
      if (!this.carriesFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    });
    dropTarget.addEventListener("dragleave", () => {
      this.dragDepth = Math.max(0, this.dragDepth - 1);
      if (this.dragDepth === 0) this.overlay.hidden = true;
    });
    dropTarget.addEventListener("drop", (e) => {
      if (!this.carriesFiles(e)) return;
      e.preventDefault();
      this.dragDepth = 0;
      this.overlay.hidden = true;
      const files = e.dataTransfer?.files;
      if (!files || files.length === 0) return;
      if (files.length > 1) this.onError(`drop one dump at a time (${files.length} files were dropped); opening ${files[0]!.name}`);
      this.read(files[0]!);
    });
  }

  private carriesFiles(e: DragEvent): boolean {
    return e.dataTransfer?.types.includes("Files") ?? false;
  }

  private read(file: File): void {
    file.text().then(
      (text) => this.onFile(text, file.name),
      (e: unknown) => this.onError(`cannot read ${file.name}: ${e instanceof Error ? e.message : String(e)}`),
    );
  }
}
