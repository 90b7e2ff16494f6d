// faultfs: a FUSE passthrough over a backing directory that corrupts, blocks or fails writes
// under rules given at mount time, and logs every word it corrupts.
//
//   faultfs --rules RULES BACKING MOUNTPOINT [FUSE options]
//
// RULES is a comma-separated list (docs in lab/README.md):
//   flip            corrupt words in writes (the other word rules apply only with it)
//   unsynced        only in files not opened with O_SYNC or O_DSYNC
//   words=ones|zeros|any   which words may be hit (default ones: 0xffffffffffffffff)
//   bits=low|high|all      which bits flip: the low 32 (bytes 0-3 of the little-endian word),
//                   the high 32, or all 64 (default low)
//   prob=P          probability per eligible word (default 1)
//   after=BYTES     only words at file offsets >= BYTES
//   min-size=BYTES  only once the file reaches BYTES (offset + write length >= BYTES)
//   seed=N          seed of the random choice (default 1), so a run can be repeated
//   block           every write blocks until the writer is killed (then it fails with EINTR), as
//                   on a hard NFS mount whose server stopped answering: the process hangs in the
//                   write and only SIGKILL ends it
//   block=unkillable every write blocks and ignores the kernel's interrupt, so the writer stays in
//                   state D even after SIGKILL (as under storage that hangs uninterruptibly) until
//                   faultfs exits
//   block-unlink    every unlink blocks until the caller is killed, as block does for writes: the
//                   delete after a verified iteration is where a mount that stops answering
//                   between two calls catches the writer
//   fail=EIO|ENOSPC|ESTALE  every write fails with that error (ESTALE: a stale NFS file handle)
//   fail-prob=P     ... only each write with probability P (default 1), as on a flaky server
//   nosize          statfs reports no size (0 blocks in total, 0 free), as many FUSE and some
//                   network filesystems do
//   zero=P          each 4 KiB page of a write (whole pages at even page indexes, so two faults
//                   never touch) is written as zeros with probability P
//   stale=P         ... is written with what the previous write of this path put there (kept
//                   across unlink, as a stale cache would): the old content of a lost write
//   tear=P          ... only its first 512*k bytes (k = 1..7) are written; the rest keeps its
//                   old content (a hole, in a file just truncated)
//   misdirect=P     ... is written one page lower (over the page before), its own place keeping
//                   its old content
//   ones=P          ... is written as all ones
//   foreign=P       ... is written with what the last write of another path put at that offset
//                   (another file's page, as a cache mixing up files would)
//   log=PATH        one line per corrupted word: "flip PATH OFFSET MASK" (mask as the XOR of
//                   the little-endian words, 0x + 16 hex digits), one per page rule applied
//                   ("zero|ones|stale|tear PATH OFFSET LENGTH" of the range that is wrong,
//                   "foreign PATH OFFSET LENGTH OTHERPATH";
//                   "misdirect PATH OFFSET 4096 FROM": FROM's data at OFFSET, and FROM left
//                   as it was), plus one "open" line per open
//
// Build: gcc -O2 -Wall faultfs.c $(pkg-config fuse3 --cflags --libs) -o faultfs
#define FUSE_USE_VERSION 31
#define _GNU_SOURCE
#include <fuse.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum words { ONES, ZEROS, ANY };
enum bits { LOW, HIGH, ALL };

static struct {
    int flip, reads, unsynced, block, block_unlink, fail, nosize;
    double zero, stale, tear, misdirect, ones, foreign; // per-page probabilities
    enum words words;
    enum bits bits;
    double prob, fail_prob;
    long long after, min_size;
    uint64_t seed;
} rule = {.words = ONES, .bits = LOW, .prob = 1, .fail_prob = 1, .seed = 1};

static const char *root;
static FILE *logf;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned char synced[1 << 16]; // per backing fd: opened with O_SYNC or O_DSYNC

#define REAL(path) char real[4096]; snprintf(real, sizeof real, "%s%s", root, path)

// splitmix64: small, seedable, and the same on every machine.
static uint64_t next_random(void) {
    uint64_t z = (rule.seed += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static int parse_rules(char *text) {
    for (char *item = strtok(text, ","); item; item = strtok(NULL, ",")) {
        char *value = strchr(item, '=');
        if (value) *value++ = 0;
        if (!strcmp(item, "flip")) rule.flip = 1;
        else if (!strcmp(item, "unsynced")) rule.unsynced = 1;
        else if (!strcmp(item, "reads")) rule.reads = 1;
        else if (!strcmp(item, "block") && !value) rule.block = 1;
        else if (!strcmp(item, "block") && !strcmp(value, "unkillable")) rule.block = 2;
        else if (!strcmp(item, "block-unlink") && !value) rule.block_unlink = 1;
        else if (!strcmp(item, "nosize") && !value) rule.nosize = 1;
        else if (!strcmp(item, "words") && value)
            rule.words = !strcmp(value, "ones") ? ONES : !strcmp(value, "zeros") ? ZEROS : ANY;
        else if (!strcmp(item, "bits") && value)
            rule.bits = !strcmp(value, "low") ? LOW : !strcmp(value, "high") ? HIGH : ALL;
        else if (!strcmp(item, "prob") && value) rule.prob = atof(value);
        else if (!strcmp(item, "fail-prob") && value) rule.fail_prob = atof(value);
        else if (!strcmp(item, "zero") && value) rule.zero = atof(value);
        else if (!strcmp(item, "stale") && value) rule.stale = atof(value);
        else if (!strcmp(item, "tear") && value) rule.tear = atof(value);
        else if (!strcmp(item, "misdirect") && value) rule.misdirect = atof(value);
        else if (!strcmp(item, "ones") && value) rule.ones = atof(value);
        else if (!strcmp(item, "foreign") && value) rule.foreign = atof(value);
        else if (!strcmp(item, "after") && value) rule.after = atoll(value);
        else if (!strcmp(item, "min-size") && value) rule.min_size = atoll(value);
        else if (!strcmp(item, "seed") && value) rule.seed = strtoull(value, NULL, 10);
        else if (!strcmp(item, "fail") && value) {
            if (!strcmp(value, "EIO")) rule.fail = EIO;
            else if (!strcmp(value, "ENOSPC")) rule.fail = ENOSPC;
            else if (!strcmp(value, "ESTALE")) rule.fail = ESTALE;
            else { fprintf(stderr, "faultfs: fail=%s: use EIO, ENOSPC or ESTALE\n", value); return -1; }
        } else if (!strcmp(item, "log") && value) {
            if (!(logf = fopen(value, "a"))) { perror(value); return -1; }
            setvbuf(logf, NULL, _IOLBF, 0);
        } else { fprintf(stderr, "faultfs: unknown rule '%s'\n", item); return -1; }
    }
    return 0;
}

static int x_getattr(const char *path, struct stat *st, struct fuse_file_info *fi) {
    (void) fi; REAL(path); return lstat(real, st) ? -errno : 0;
}

static int x_readdir(const char *path, void *buf, fuse_fill_dir_t fill, off_t off, struct fuse_file_info *fi,
                     enum fuse_readdir_flags flags) {
    (void) off; (void) fi; (void) flags; REAL(path);
    DIR *d = opendir(real);
    if (!d) return -errno;
    struct dirent *e;
    while ((e = readdir(d))) {
        struct stat st = {0};
        st.st_ino = e->d_ino;
        st.st_mode = e->d_type << 12;
        if (fill(buf, e->d_name, &st, 0, 0)) break;
    }
    closedir(d);
    return 0;
}

static int opened(const char *path, int fd, int flags) {
    if (fd < 0) return -errno;
    synced[fd & 0xffff] = (flags & O_DSYNC) != 0; // O_SYNC is __O_SYNC | O_DSYNC: this sees both
    if (logf) {
        pthread_mutex_lock(&lock);
        fprintf(logf, "open %s flags=0%o\n", path, flags);
        pthread_mutex_unlock(&lock);
    }
    return fd;
}

// The backing file is opened without O_DIRECT (FUSE already bypasses the cache then) and
// without O_SYNC: the flags matter to the rules, not to the backing store.
static int x_open(const char *path, struct fuse_file_info *fi) {
    REAL(path);
    int fd = opened(path, open(real, fi->flags & ~(O_DIRECT | O_SYNC | O_DSYNC)), fi->flags);
    if (fd < 0) return fd;
    fi->fh = fd;
    return 0;
}

static int x_create(const char *path, mode_t mode, struct fuse_file_info *fi) {
    REAL(path);
    int fd = opened(path, open(real, (fi->flags & ~(O_DIRECT | O_SYNC | O_DSYNC)) | O_CREAT, mode), fi->flags);
    if (fd < 0) return fd;
    fi->fh = fd;
    return 0;
}

static int eligible(uint64_t word) {
    return rule.words == ANY || (rule.words == ONES ? word == UINT64_MAX : word == 0);
}

// Flips the chosen bits of the eligible whole words of data, which holds file offsets
// [off, off + n), in place, and logs each one.
static void flip_words(const char *path, char *data, size_t n, off_t off) {
    long long first = (off + 7) / 8 * 8;
    if (first < rule.after) first = (rule.after + 7) / 8 * 8;
    uint64_t flip = rule.bits == LOW ? 0xffffffffULL : rule.bits == HIGH ? 0xffffffff00000000ULL : UINT64_MAX;
    pthread_mutex_lock(&lock);
    for (long long at = first; at + 8 <= (long long) (off + n); at += 8) {
        uint64_t word;
        memcpy(&word, data + (at - off), 8); // x86-64 is little-endian, as the pattern is
        if (!eligible(word) || (rule.prob < 1 && (next_random() >> 11) * 0x1.0p-53 >= rule.prob)) continue;
        word ^= flip;
        memcpy(data + (at - off), &word, 8);
        if (logf) fprintf(logf, "flip %s %lld 0x%016" PRIx64 "\n", path, at, flip);
    }
    pthread_mutex_unlock(&lock);
}

// With "reads", the backing file stays right and what this host reads back is wrong: a bad
// reader (its cache, its NFS client), as a second host reading the file back would show.
static int x_read(const char *path, char *buf, size_t n, off_t off, struct fuse_file_info *fi) {
    ssize_t r = pread(fi->fh, buf, n, off);
    if (r < 0) return -errno;
    if (rule.flip && rule.reads && r > 0 && (long long) (off + r) >= rule.min_size) flip_words(path, buf, r, off);
    return (int) r;
}

// What the writer last sent for a few paths, kept across unlink: the content "stale" puts back.
#define SHADOWS 8
#define PAGE 4096
static struct shadow { char path[1024]; char *data; size_t size; unsigned long long used; } shadows[SHADOWS];
static unsigned long long shadow_clock;

static struct shadow *shadow_of(const char *path, int create) {
    struct shadow *oldest = &shadows[0];
    for (int i = 0; i < SHADOWS; i++) {
        if (shadows[i].data && !strcmp(shadows[i].path, path)) return &shadows[i];
        if (shadows[i].used < oldest->used) oldest = &shadows[i];
    }
    if (!create) return NULL;
    free(oldest->data);
    memset(oldest, 0, sizeof *oldest);
    snprintf(oldest->path, sizeof oldest->path, "%s", path);
    return oldest;
}

// Remembers what the writer sent (before any fault) at [off, off + n) of path.
static void shadow_write(const char *path, const char *buf, size_t n, off_t off) {
    struct shadow *s = shadow_of(path, 1);
    if (off + n > s->size) {
        char *grown = realloc(s->data, off + n);
        if (!grown) return;
        memset(grown + s->size, 0, off + n - s->size);
        s->data = grown;
        s->size = off + n;
    }
    memcpy(s->data + off, buf, n);
    s->used = ++shadow_clock;
}

// The most recently written other path whose content reaches past offset + PAGE, or NULL.
static struct shadow *other_shadow(const char *path, long long offset) {
    struct shadow *best = NULL;
    for (int i = 0; i < SHADOWS; i++) {
        struct shadow *s = &shadows[i];
        if (s->data && strcmp(s->path, path) && offset + PAGE <= (long long) s->size && (!best || s->used > best->used))
            best = s;
    }
    return best;
}

static int chosen(double p) {
    return p > 0 && (next_random() >> 11) * 0x1.0p-53 < p;
}

// The page rules on copy (the data of [off, off + n)): returns how many misdirected pages were
// saved in moved (their data, to be written one page lower after the write itself).
static int page_rules(const char *path, int fd, char *copy, size_t n, off_t off, char *moved, off_t *moved_to) {
    int count = 0;
    long long first = (off + PAGE - 1) / PAGE * PAGE;
    if (first < rule.after) first = (rule.after + PAGE - 1) / PAGE * PAGE;
    struct shadow *before = shadow_of(path, 0);
    for (long long page = first; page + PAGE <= (long long) (off + n); page += PAGE) {
        if ((page / PAGE) % 2) continue;
        char *at = copy + (page - off);
        struct shadow *other;
        if (chosen(rule.zero)) {
            memset(at, 0, PAGE);
            if (logf) fprintf(logf, "zero %s %lld %d\n", path, page, PAGE);
        } else if (chosen(rule.ones)) {
            memset(at, 0xff, PAGE);
            if (logf) fprintf(logf, "ones %s %lld %d\n", path, page, PAGE);
        } else if (chosen(rule.foreign) && (other = other_shadow(path, page))) {
            memcpy(at, other->data + page, PAGE);
            if (logf) fprintf(logf, "foreign %s %lld %d %s\n", path, page, PAGE, other->path);
        } else if (chosen(rule.stale) && before && page + PAGE <= (long long) before->size) {
            memcpy(at, before->data + page, PAGE);
            if (logf) fprintf(logf, "stale %s %lld %d\n", path, page, PAGE);
        } else if (chosen(rule.tear)) {
            int kept = 512 * (1 + (int) (next_random() % 7));
            memset(at + kept, 0, PAGE - kept);
            pread(fd, at + kept, PAGE - kept, page + kept); // the old content, where there is any
            if (logf) fprintf(logf, "tear %s %lld %d\n", path, page + kept, PAGE - kept);
        } else if (page >= PAGE && count < 64 && chosen(rule.misdirect)) {
            memcpy(moved + (size_t) count * PAGE, at, PAGE);
            moved_to[count++] = page - PAGE;
            memset(at, 0, PAGE);
            pread(fd, at, PAGE, page);
            if (logf) fprintf(logf, "misdirect %s %lld %d %lld\n", path, page - PAGE, PAGE, page);
        }
    }
    return count;
}

// Blocks the request until the caller is killed (how 1), or for good (how 2). The kernel sends an
// interrupt for a request when its caller gets a fatal signal; without an answer the request was
// already in user space, so the kernel waits it out uninterruptibly: that is block=unkillable.
static int blocked(int how) {
    while (how == 2 || !fuse_interrupted()) usleep(50 * 1000);
    return -EINTR;
}

static int x_write(const char *path, const char *buf, size_t n, off_t off, struct fuse_file_info *fi) {
    if (rule.block) return blocked(rule.block);
    if (rule.fail) {
        pthread_mutex_lock(&lock);
        int fails = rule.fail_prob >= 1 || chosen(rule.fail_prob);
        pthread_mutex_unlock(&lock);
        if (fails) return -rule.fail;
    }
    char *copy = NULL;
    int faulty = n > 0 && !(rule.unsynced && synced[fi->fh & 0xffff]) && (long long) (off + n) >= rule.min_size;
    if (rule.flip && !rule.reads && faulty) {
        copy = malloc(n); // whole words inside this write, at their file offsets
        memcpy(copy, buf, n);
        flip_words(path, copy, n, off);
    }
    int pages = rule.zero > 0 || rule.stale > 0 || rule.tear > 0 || rule.misdirect > 0 || rule.ones > 0
            || rule.foreign > 0;
    static char moved[64 * PAGE];
    off_t moved_to[64];
    int count = 0;
    if (pages) {
        pthread_mutex_lock(&lock);
        if (faulty) {
            if (!copy) {
                copy = malloc(n);
                memcpy(copy, buf, n);
            }
            count = page_rules(path, fi->fh, copy, n, off, moved, moved_to);
        }
        shadow_write(path, buf, n, off);
    }
    ssize_t r = pwrite(fi->fh, copy ? copy : buf, n, off);
    for (int i = 0; i < count && r >= 0; i++) {
        if (pwrite(fi->fh, moved + (size_t) i * PAGE, PAGE, moved_to[i]) < 0) r = -1;
    }
    if (pages) pthread_mutex_unlock(&lock);
    free(copy);
    return r < 0 ? -errno : (int) r;
}

static int x_release(const char *path, struct fuse_file_info *fi) { (void) path; close(fi->fh); return 0; }
static int x_fsync(const char *path, int data, struct fuse_file_info *fi) {
    (void) path; return (data ? fdatasync(fi->fh) : fsync(fi->fh)) ? -errno : 0;
}
static int x_unlink(const char *path) {
    if (rule.block_unlink) return blocked(1);
    REAL(path); return unlink(real) ? -errno : 0;
}
static int x_mkdir(const char *path, mode_t m) { REAL(path); return mkdir(real, m) ? -errno : 0; }
static int x_rmdir(const char *path) { REAL(path); return rmdir(real) ? -errno : 0; }
static int x_rename(const char *from, const char *to, unsigned int flags) {
    if (flags) return -EINVAL;
    char a[4096], b[4096];
    snprintf(a, sizeof a, "%s%s", root, from);
    snprintf(b, sizeof b, "%s%s", root, to);
    return rename(a, b) ? -errno : 0;
}
static int x_truncate(const char *path, off_t size, struct fuse_file_info *fi) {
    if (fi) return ftruncate(fi->fh, size) ? -errno : 0;
    REAL(path); return truncate(real, size) ? -errno : 0;
}
static int x_chmod(const char *path, mode_t m, struct fuse_file_info *fi) { (void) fi; REAL(path); return chmod(real, m) ? -errno : 0; }
static int x_chown(const char *path, uid_t u, gid_t g, struct fuse_file_info *fi) {
    (void) fi; REAL(path); return lchown(real, u, g) ? -errno : 0;
}
static int x_utimens(const char *path, const struct timespec tv[2], struct fuse_file_info *fi) {
    (void) fi; REAL(path); return utimensat(AT_FDCWD, real, tv, AT_SYMLINK_NOFOLLOW) ? -errno : 0;
}
static int x_statfs(const char *path, struct statvfs *s) {
    REAL(path);
    if (statvfs(real, s)) return -errno;
    if (rule.nosize) s->f_blocks = s->f_bfree = s->f_bavail = 0;
    return 0;
}

static const struct fuse_operations ops = {
    .getattr = x_getattr, .readdir = x_readdir, .open = x_open, .create = x_create, .read = x_read,
    .write = x_write, .release = x_release, .fsync = x_fsync, .unlink = x_unlink, .mkdir = x_mkdir,
    .rmdir = x_rmdir, .rename = x_rename, .truncate = x_truncate, .chmod = x_chmod, .chown = x_chown,
    .utimens = x_utimens, .statfs = x_statfs,
};

int main(int argc, char *argv[]) {
    if (argc < 5 || strcmp(argv[1], "--rules")) {
        fprintf(stderr, "usage: faultfs --rules RULES BACKING MOUNTPOINT [FUSE options]\n"
                        "  RULES: flip,unsynced,words=ones,bits=low,prob=P,after=B,min-size=B,seed=N,"
                        "block[=unkillable],block-unlink,fail=EIO|ENOSPC|ESTALE,fail-prob=P,nosize,zero=P,ones=P,stale=P,tear=P,misdirect=P,foreign=P,log=PATH"
                        " (empty: plain passthrough)\n");
        return 2;
    }
    if (parse_rules(argv[2])) return 2;
    if (!(root = realpath(argv[3], NULL))) { perror(argv[3]); return 2; }
    // FUSE sees: faultfs MOUNTPOINT [options]
    argv[3] = argv[0];
    return fuse_main(argc - 3, argv + 3, &ops, NULL);
}
