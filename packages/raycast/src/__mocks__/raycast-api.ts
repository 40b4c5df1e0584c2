/**
 * In-memory stand-in for @raycast/api in tests (vitest.config.ts aliases the module here):
 * only what the extension's plain modules use. `mockRaycast` lets a test set the clipboard,
 * answer alerts and read back every toast.
 */

export interface MockToastOptions {
  style?: string;
  title: string;
  message?: string;
  primaryAction?: { title: string; onAction: (toast: Toast) => void };
}

export class Toast {
  static Style = { Animated: "animated", Success: "success", Failure: "failure" } as const;
  style: string;
  title: string;
  message?: string;
  primaryAction?: { title: string; onAction: (toast: Toast) => void };
  /** Every state the toast went through (style + title), in order. */
  readonly history: Array<{ style: string; title: string; message?: string }> = [];
  hidden = false;

  constructor(options: MockToastOptions) {
    this.style = options.style ?? Toast.Style.Success;
    this.title = options.title;
    this.message = options.message;
    this.primaryAction = options.primaryAction;
    return new Proxy(this, {
      set: (target, key, value) => {
        Reflect.set(target, key, value);
        if (key === "style" || key === "title" || key === "message") {
          target.history.push({ style: target.style, title: target.title, message: target.message });
        }
        return true;
      },
    });
  }

  async show(): Promise<void> {
    this.hidden = false;
  }

  async hide(): Promise<void> {
    this.hidden = true;
  }
}

export const mockRaycast = {
  clipboard: { text: "" } as { text: string; file?: string; html?: string },
  copied: [] as string[],
  pasted: [] as string[],
  toasts: [] as Toast[],
  alertAnswer: true,
  alerts: [] as string[],
  storage: new Map<string, string | number | boolean>(),
  reset(): void {
    this.clipboard = { text: "" };
    this.copied = [];
    this.pasted = [];
    this.toasts = [];
    this.alertAnswer = true;
    this.alerts = [];
    this.storage.clear();
  },
};

export async function showToast(options: MockToastOptions): Promise<Toast> {
  const toast = new Toast(options);
  mockRaycast.toasts.push(toast);
  return toast;
}

export const Clipboard = {
  async read(): Promise<{ text: string; file?: string; html?: string }> {
    return { ...mockRaycast.clipboard };
  },
  async copy(content: string | { text: string }): Promise<void> {
    mockRaycast.copied.push(typeof content === "string" ? content : content.text);
  },
  async paste(content: string | { text: string }): Promise<void> {
    mockRaycast.pasted.push(typeof content === "string" ? content : content.text);
  },
};

export const LocalStorage = {
  async getItem(key: string): Promise<string | number | boolean | undefined> {
    return mockRaycast.storage.get(key);
  },
  async setItem(key: string, value: string | number | boolean): Promise<void> {
    mockRaycast.storage.set(key, value);
  },
  async removeItem(key: string): Promise<void> {
    mockRaycast.storage.delete(key);
  },
  async clear(): Promise<void> {
    mockRaycast.storage.clear();
  },
};

export const Alert = { ActionStyle: { Default: "default", Destructive: "destructive", Cancel: "cancel" } } as const;

export async function confirmAlert(options: { title: string }): Promise<boolean> {
  mockRaycast.alerts.push(options.title);
  return mockRaycast.alertAnswer;
}

export async function showHUD(): Promise<void> {}

export async function open(): Promise<void> {}

export const environment = { supportPath: "/tmp/whisperx-raycast-support", isDevelopment: true };

export function getPreferenceValues<T>(): T {
  return {} as T;
}
