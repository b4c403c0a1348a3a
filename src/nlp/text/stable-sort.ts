// The in-place stable sort of the analysis's short lists (evidence, grievances, mentions): an
// insertion sort. The lists hold tens of items in a few runs already in order (matches come
// left to right), so it moves little and allocates nothing, where Array#sort copied.

/** Sorts `list` in place, stably: `after(a, b)` says that `a` goes after `b`. */
export function sortStably<T>(list: T[], after: (a: T, b: T) => boolean): T[] {
  for (let i = 1; i < list.length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && after(list[j]!, x)) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
  return list;
}
