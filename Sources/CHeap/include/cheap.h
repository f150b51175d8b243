#ifndef PARAMLINT_CHEAP_H
#define PARAMLINT_CHEAP_H

/// Prepares glibc's heap for a short run that allocates tens of megabytes: see heap.c.
void paramlint_prepare_heap(void);

#endif
