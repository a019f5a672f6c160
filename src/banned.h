/*
 * banned: functions that invite overflows or hidden state are compile
 * errors in scopekit's own code.
 */
#ifndef SK_BANNED_H
#define SK_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_in_scopekit

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef gets
#define gets(x) BANNED(gets)

#endif
