// bench/speed: the find-only semantic patch paired with heapify migrate: every PyTypeObject definition.
@r@
identifier T;
@@
* PyTypeObject T = { ... };
