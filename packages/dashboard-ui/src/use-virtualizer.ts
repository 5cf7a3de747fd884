import { useLayoutEffect, useState } from "preact/hooks";
import { Virtualizer, elementScroll, observeElementOffset, observeElementRect, type VirtualizerOptions } from "@tanstack/virtual-core";

type Options<S extends Element, I extends Element> = Pick<VirtualizerOptions<S, I>, "count" | "getScrollElement" | "estimateSize"> &
  Partial<Pick<VirtualizerOptions<S, I>, "overscan" | "getItemKey" | "gap">>;

/**
 * TanStack Virtual's element virtualizer for Preact: what @tanstack/react-virtual's
 * useVirtualizer does, on preact/hooks (the page does not carry React or preact/compat's aliases).
 */
export function useVirtualizer<S extends Element, I extends Element>(options: Options<S, I>): Virtualizer<S, I> {
  const [, setRenders] = useState(0);
  const resolved: VirtualizerOptions<S, I> = {
    observeElementRect,
    observeElementOffset,
    scrollToFn: elementScroll,
    ...options,
    onChange: () => setRenders((n) => n + 1),
  };
  const [instance] = useState(() => new Virtualizer<S, I>(resolved));
  instance.setOptions(resolved);
  useLayoutEffect(() => instance._didMount(), []);
  useLayoutEffect(() => instance._willUpdate());
  return instance;
}
