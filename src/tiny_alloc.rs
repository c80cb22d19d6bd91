//! The `tiny` build's global allocator and panic handler (no_std on wasm32).
//!
//! Power-of-two size classes from 16 B to 2 GiB, each with a free list threaded through its freed blocks; fresh
//! blocks are bumped from pages taken with `memory.grow`. A freed block is reused by the next allocation of its
//! class, so a steady workload (the same calls again and again) stops growing linear memory after its first
//! round. Single-threaded: wasm32-unknown-unknown without atomics has one thread.
//!
//! About 1 KB of wasm instead of dlmalloc's ~7.5 KB; the price is up to 2x internal fragmentation, which is fine
//! for an SDK whose largest allocation is one page of JSON.
//!
//! A freed block is zeroed: what a call held (the body and result of a `create`, with the key's secret; the session
//! token) does not outlive it in linear memory, where any script on the page could read it from the instance's
//! exported memory.

use core::alloc::{GlobalAlloc, Layout};
use core::arch::wasm32;
use core::cell::UnsafeCell;
use core::ptr;

const MIN_SHIFT: u32 = 4;
const CLASSES: usize = 28; // 16 B ..= 2 GiB
const PAGE: usize = 65536;

struct State {
    /// Head of each class's free list (0 = empty); a free block's first word points to the next one.
    free: [usize; CLASSES],
    /// The bump region: `next..end` is untouched memory.
    next: usize,
    end: usize,
}

struct Tiny(UnsafeCell<State>);

// SAFETY: wasm32-unknown-unknown (no atomics) runs one thread, so the state is never shared.
unsafe impl Sync for Tiny {}

#[global_allocator]
static ALLOC: Tiny = Tiny(UnsafeCell::new(State {
    free: [0; CLASSES],
    next: 0,
    end: 0,
}));

/// The class whose block size (`16 << class`) fits `layout`, or `None` when nothing can.
#[inline]
fn class_of(layout: &Layout) -> Option<usize> {
    // A block is aligned to its size up to a page (see `State::alloc`), so one at least as large as the
    // alignment satisfies it.
    let size = layout.size().max(layout.align()).max(1 << MIN_SHIFT);
    let shift = usize::BITS - (size - 1).leading_zeros();
    let class = (shift - MIN_SHIFT) as usize;
    (class < CLASSES && layout.align() <= PAGE).then_some(class)
}

impl State {
    #[inline(never)]
    fn alloc(&mut self, class: usize) -> *mut u8 {
        // `get_mut` rather than indexing (`class_of` keeps it in range): no bounds-check panic path.
        let Some(slot) = self.free.get_mut(class) else {
            return ptr::null_mut();
        };
        let head = *slot;
        if head != 0 {
            // SAFETY: `head` is a block of this class that `dealloc` put on the list; its first word is the link.
            *slot = unsafe { *(head as *const usize) };
            return head as *mut u8;
        }
        let size = 1usize << (class as u32 + MIN_SHIFT);
        // Blocks are aligned to their size, up to a page: a reused block then suits any layout of its class.
        let align = size.min(PAGE);
        loop {
            let start = (self.next.wrapping_add(align - 1)) & !(align - 1);
            let stop = start.wrapping_add(size);
            let in_order = self.next != 0 && start >= self.next && stop >= start;
            if in_order && stop <= self.end {
                self.next = stop;
                return start as *mut u8;
            }
            // Grow: just the missing tail when the region can be extended, else a fresh region.
            let want = if in_order {
                stop - self.end
            } else {
                size + align
            };
            let pages = want.div_ceil(PAGE);
            let old = wasm32::memory_grow(0, pages);
            if old == usize::MAX {
                return ptr::null_mut();
            }
            if self.next == 0 || old * PAGE != self.end {
                self.next = old * PAGE;
            }
            self.end = (old + pages) * PAGE;
        }
    }

    /// Zeroes the block, then puts it on its class's free list.
    ///
    /// # Safety
    /// `ptr` is a live block of `class`, from `alloc`.
    #[inline(never)]
    unsafe fn release(&mut self, ptr: *mut u8, class: usize) {
        if let Some(slot) = self.free.get_mut(class) {
            // SAFETY: the caller's; the whole block, not just the layout's size, which an in-place `realloc` may
            // have shrunk.
            unsafe {
                ptr::write_bytes(ptr, 0, 1 << (class as u32 + MIN_SHIFT));
                *(ptr as *mut usize) = *slot;
            }
            *slot = ptr as usize;
        }
    }
}

unsafe impl GlobalAlloc for Tiny {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        match class_of(&layout) {
            // SAFETY: single-threaded (see `Sync`), and no reentrancy: `State::alloc` allocates nothing.
            Some(class) => unsafe { (*self.0.get()).alloc(class) },
            None => ptr::null_mut(),
        }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if let Some(class) = class_of(&layout) {
            // SAFETY: `ptr` came from `alloc` with this layout, so it is a block of `class`; single-threaded.
            unsafe { (*self.0.get()).release(ptr, class) }
        }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: the caller guarantees `layout.align()` is valid and `new_size` does not overflow when rounded.
        let new_layout = unsafe { Layout::from_size_align_unchecked(new_size, layout.align()) };
        if class_of(&layout) == class_of(&new_layout) {
            return ptr; // the block already fits
        }
        // SAFETY: as for `alloc`/`dealloc`; the copied length fits both blocks.
        unsafe {
            let new = self.alloc(new_layout);
            if !new.is_null() {
                ptr::copy_nonoverlapping(ptr, new, layout.size().min(new_size));
                self.dealloc(ptr, layout);
            }
            new
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo<'_>) -> ! {
    wasm32::unreachable()
}
